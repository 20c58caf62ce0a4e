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
    /// OTEL_EXPORTER_OTLP_ENDPOINT is set, then everything goes there by OTLP; with Telemetry:MetricsScrapeKey set, the
    /// metrics are also served to Prometheus (<see cref="UsePrometheusScraping"/>).
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
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(AlfaTelemetry.SourceName, "Microsoft.Orleans", "Marten", "Npgsql")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                if (ScrapeKey(builder.Configuration) is not null)
                {
                    metrics.AddPrometheusExporter();
                }
            });

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// <c>GET /metrics</c> in Prometheus' format, on every role's port, for a scraper that presents the configured key
    /// (<c>Authorization: Bearer &lt;key&gt;</c>, Prometheus' <c>authorization.credentials_file</c>). Without it the
    /// request goes on as any other (refused unsigned on a gateway, not found on a silo): metrics name routes, grain
    /// types and volumes, which are the operators' business, not the public's.
    /// </summary>
    public static void UsePrometheusScraping(this WebApplication app)
    {
        if (ScrapeKey(app.Configuration) is not { } key)
        {
            return;
        }

        var expected = System.Text.Encoding.UTF8.GetBytes($"Bearer {key}");
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == "/metrics"
            && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString()), expected));
    }

    private static string? ScrapeKey(IConfiguration configuration) =>
        configuration["Telemetry:MetricsScrapeKey"] is { Length: > 0 } key ? key : null;
}
