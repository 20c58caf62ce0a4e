using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AlfaPlatform.Server.Infrastructure.Telemetry;

public static class TelemetrySetup
{
    /// <summary>
    /// Traces, metrics and logs for every role under one service name. Nothing leaves the process unless
    /// OTEL_EXPORTER_OTLP_ENDPOINT is set, then everything goes there by OTLP.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformTelemetry(this IHostApplicationBuilder builder)
    {
        // Structured logs: one JSON object per line outside Development, where log shippers read them.
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.AddJsonConsole(json => json.IncludeScopes = true);
        }
        else
        {
            builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(AlfaTelemetry.ServiceName))
            .WithTracing(tracing => tracing
                .AddSource(AlfaTelemetry.SourceName, "Microsoft.Orleans.*", "Marten")
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddMeter(AlfaTelemetry.SourceName, "Microsoft.Orleans", "Marten", "Npgsql")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
