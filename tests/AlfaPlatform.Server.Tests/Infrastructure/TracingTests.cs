using System.Diagnostics;
using System.Net;
using AlfaPlatform.Server.Infrastructure.Telemetry;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>Read from what the platform's own tracer provider exports, so the test fails if its set-up misses a source.</summary>
[Collection(PlatformCollection.Name)]
public sealed class TracingTests(PlatformFixture platform)
{
    private const string CallerSourceName = "AlfaPlatform.Tests.Caller";
    private static readonly ActivitySource CallerSource = new(CallerSourceName);

    [Fact]
    public async Task one_trace_spans_the_http_request_the_mediator_the_grain_call_and_the_database_for_a_write()
    {
        // The caller's own span: HttpClient sends it as traceparent, and the platform must continue that trace.
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CallerSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var caller = CallerSource.StartActivity("caller")!;
        var traceId = caller.TraceId;

        var response = await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/organisations",
            new { name = "Traced", acronym = "TR" + Guid.NewGuid().ToString("N")[..6], kind = "ResearchTeam", country = "FR" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        // The server span ends just after the response is written: give it a moment.
        for (var wait = 0; wait < 50 && !Spans(traceId).Any(a => a.Source.Name == "Microsoft.AspNetCore"); wait++)
        {
            await Task.Delay(100);
        }

        var spans = Spans(traceId);
        var http = Assert.Single(spans, a => a.Source.Name == "Microsoft.AspNetCore");
        var command = Assert.Single(spans, a => a.Source.Name == AlfaTelemetry.SourceName && a.DisplayName == "command Register.Command");
        var grainCalls = spans.Where(a => a.Source.Name == "Microsoft.Orleans.Application" && a.DisplayName.EndsWith("/ExecuteAsync", StringComparison.Ordinal)).ToList();
        var databaseCalls = spans.Where(a => a.Source.Name == "Npgsql" && a.Kind == ActivityKind.Client).ToList();
        Assert.NotEmpty(grainCalls);
        Assert.NotEmpty(databaseCalls);
        Assert.Contains(spans, a => a.Source.Name == "Marten");
        var resource = platform.App.Services.GetRequiredService<TracerProvider>().GetResource();
        Assert.Contains(resource.Attributes, a => a.Key == "service.name" && Equals(a.Value, AlfaTelemetry.ServiceName));

        // Not only one trace id: one tree. HTTP → mediator command → grain call → database command.
        var bySpanId = spans.ToDictionary(a => a.SpanId);
        bool Under(Activity child, Activity ancestor)
        {
            for (var at = child; bySpanId.TryGetValue(at.ParentSpanId, out var parent); at = parent)
            {
                if (parent == ancestor)
                {
                    return true;
                }
            }

            return false;
        }

        Assert.True(Under(command, http));
        Assert.Contains(grainCalls, call => Under(call, command));
        Assert.Contains(databaseCalls, db => grainCalls.Any(call => Under(db, call)));
    }

    private List<Activity> Spans(ActivityTraceId traceId) => [.. platform.ExportedSpans.Snapshot().Where(a => a.TraceId == traceId)];
}
