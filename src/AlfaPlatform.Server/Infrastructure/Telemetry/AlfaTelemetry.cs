using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AlfaPlatform.Server.Infrastructure.Telemetry;

/// <summary>The platform's own activity source and meter, beside those of ASP.NET Core, Orleans, Marten and Npgsql.</summary>
public static class AlfaTelemetry
{
    public const string ServiceName = "alfa-platform";
    public const string SourceName = "AlfaPlatform";

    public static readonly ActivitySource Source = new(SourceName);

    private static readonly Meter Meter = new(SourceName);

    public static readonly Histogram<double> MessageDuration =
        Meter.CreateHistogram<double>("alfa.mediator.message.duration", "ms", "Time to handle a command or query through the mediator.");
}
