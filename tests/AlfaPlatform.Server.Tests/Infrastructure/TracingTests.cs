using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using AlfaPlatform.Server.Infrastructure.Telemetry;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Infrastructure;

[Collection(PlatformCollection.Name)]
public sealed class TracingTests(PlatformFixture platform) : IDisposable
{
    private static readonly ActivitySource CallerSource = new("AlfaPlatform.Tests.Caller");
    private readonly ConcurrentBag<Activity> _finished = [];
    private readonly ActivityListener _listener = new();

    [Fact]
    public async Task one_trace_spans_the_http_request_the_mediator_the_grain_call_and_the_database_for_a_write()
    {
        _listener.ShouldListenTo = _ => true;
        _listener.Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded;
        _listener.ActivityStopped = _finished.Add;
        ActivitySource.AddActivityListener(_listener);
        // The caller's own span: HttpClient sends it as traceparent, and the platform must continue that trace.
        using var caller = CallerSource.StartActivity("caller")!;
        var traceId = caller.TraceId;
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/organisations")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { name = "Traced", acronym = "TR" + Guid.NewGuid().ToString("N")[..6], kind = "ResearchTeam", country = "FR" }),
        };

        var response = await platform.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        // The server span ends just after the response is written: give it a moment.
        for (var wait = 0; wait < 50 && !_finished.Any(a => a.TraceId == traceId && a.Source.Name == "Microsoft.AspNetCore"); wait++)
        {
            await Task.Delay(100);
        }

        var spans = _finished.Where(a => a.TraceId == traceId).ToList();
        Assert.True(spans.Count > 0, $"No span of trace {traceId}; saw {string.Join(", ", _finished.Select(a => $"{a.Source.Name}:{a.DisplayName}:{a.TraceId}").Take(20))}");
        var sources = spans.Select(a => a.Source.Name).ToHashSet();
        Assert.Contains("Microsoft.AspNetCore", sources);
        var command = Assert.Single(spans, a => a.Source.Name == AlfaTelemetry.SourceName && a.DisplayName == "command Register.Command");
        var grainCalls = spans.Where(a => a.Source.Name == "Microsoft.Orleans.Application" && a.DisplayName.Contains("IOrganisationGrain", StringComparison.Ordinal)).ToList();
        var databaseCalls = spans.Where(a => a.Source.Name == "Npgsql" && a.Kind == ActivityKind.Client).ToList();
        Assert.NotEmpty(grainCalls);
        Assert.NotEmpty(databaseCalls);

        // Not only one trace id: one tree. HTTP → mediator command → grain call → database command.
        var http = Assert.Single(spans, a => a.Source.Name == "Microsoft.AspNetCore");
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

    public void Dispose() => _listener.Dispose();
}
