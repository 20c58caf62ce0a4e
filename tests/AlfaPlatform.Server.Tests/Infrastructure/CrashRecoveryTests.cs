using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Postgres;
using AlfaPlatform.Server.Meetings;
using AlfaPlatform.Server.Tests.Fixtures;
using Npgsql;
using Xunit.Abstractions;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>
/// Exactly once across crashes: many callers send keyed writes; the platform is killed with SIGKILL, or PostgreSQL
/// is stopped, mid-load; every request left without a final answer is retried with its key. Nothing acknowledged
/// is lost, nothing is written twice, and no answer contradicts what was stored.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Callers = 16;
    private string _folder = null!;
    private LocalPostgresCluster _cluster = null!;
    private string _connectionString = null!;

    public async Task InitializeAsync()
    {
        // A cluster of its own: the outage test stops it, which the rest of the suite must not notice.
        _folder = ThrowawayClusters.NewFolder();
        _cluster = await StartClusterAsync();
        await _cluster.EnsureDatabaseAsync("alfa");
        _connectionString = _cluster.ConnectionString("alfa");
    }

    private Task<LocalPostgresCluster> StartClusterAsync() => LocalPostgresCluster.StartAsync(
        LocalPostgresCluster.FindBinaries() ?? throw new InvalidOperationException("The crash tests need PostgreSQL's server binaries (the test command installs them)."),
        _folder, Path.Combine(_folder, "postgres-password.txt"));

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await _cluster.StopAsync(immediate: true);
    }

    [Fact]
    public async Task keyed_writes_cut_off_by_a_killed_process_are_done_exactly_once_when_retried_after_a_restart()
    {
        var platform = await PlatformProcess.StartAsync(_connectionString);
        var workload = await Workload.PrepareAsync(await platform.SignInAsync());
        for (var round = 1; round <= 2; round++) // killed mid-load, restarted, and killed again
        {
            await using (platform)
            {
                var load = workload.RunAsync(await platform.SignInAsync());
                await workload.AnsweredAsync(100 * round);
                await platform.KillAsync();
                await load;
            }

            platform = await platform.RestartAsync();
        }

        await using var restarted = platform;
        await workload.RetryUntilAnsweredAsync(await restarted.SignInAsync(), _connectionString);

        await workload.AssertExactlyOnceAsync(_connectionString, restarted);
        output.WriteLine(workload.Summary);
        Assert.True(workload.CutOff > 0, "The kills cut off no request: the test proved nothing.");
    }

    [Fact]
    public async Task keyed_writes_through_a_gateway_are_done_exactly_once_when_the_silo_holding_the_busy_meeting_is_killed()
    {
        await using var first = await PlatformProcess.StartAsync(_connectionString, PlatformRole.Silo);
        await using var second = await PlatformProcess.StartAsync(_connectionString, PlatformRole.Silo);
        await using var gateway = await PlatformProcess.StartAsync(_connectionString, PlatformRole.Gateway);
        await using var cluster = await ClusterObserver.ConnectAsync(_connectionString);
        var client = await gateway.SignInAsync();
        var workload = await Workload.PrepareAsync(client);

        var load = workload.RunAsync(client, stopOnServerError: false);
        await workload.AnsweredAsync(150);
        var holder = await cluster.HostOfAsync<IMeetingGrain>(workload.BusyMeeting)
            ?? throw new InvalidOperationException("The busy meeting is active on no silo.");
        var (killed, survivor) = holder.Endpoint.Port == first.SiloPort ? (first, second) : (second, first);
        await killed.KillAsync();

        // The survivor takes the killed silo's grains, the busy meeting among them, and the load goes on.
        await workload.AnsweredAsync(600, within: TimeSpan.FromSeconds(90));
        workload.Stop();
        await load;
        await workload.RetryUntilAnsweredAsync(client, _connectionString);

        await workload.AssertExactlyOnceAsync(_connectionString, gateway);
        Assert.Equal(survivor.SiloPort, (await cluster.HostOfAsync<IMeetingGrain>(workload.BusyMeeting))?.Endpoint.Port);
        Assert.Equal(ClusterObserver.Dead, (await ClusterObserver.MembersAsync(_connectionString)).Single(m => m.Port == killed.SiloPort).Status);
        output.WriteLine(workload.Summary);
        Assert.True(workload.CutOff > 0, "The kill cut off no request: the test proved nothing.");
    }

    [Fact]
    public async Task keyed_writes_cut_off_by_a_database_outage_are_done_exactly_once_when_retried_after_it()
    {
        var platform = await PlatformProcess.StartAsync(_connectionString);
        await using var _ = platform;
        var client = await platform.SignInAsync();
        var workload = await Workload.PrepareAsync(client);

        var load = workload.RunAsync(client, stopOnServerError: false);
        await workload.AnsweredAsync(150);
        await _cluster.StopAsync(immediate: true);
        await Task.Delay(TimeSpan.FromSeconds(2));
        _cluster = await StartClusterAsync();
        await workload.AnsweredAsync(300);
        workload.Stop();
        await load;

        await workload.RetryUntilAnsweredAsync(client, _connectionString);

        await workload.AssertExactlyOnceAsync(_connectionString, platform);
        output.WriteLine(workload.Summary);
        Assert.True(workload.CutOff > 0, "The outage cut off no request: the test proved nothing.");
    }

    /// <summary>
    /// Keyed writes of three kinds, each carrying a marker of its own: register an organisation, create a meeting,
    /// add a session to one busy meeting. Each must end up as exactly one event holding its marker.
    /// </summary>
    private sealed class Workload
    {
        private readonly ConcurrentQueue<Write> _pending = new();
        private readonly ConcurrentBag<Write> _sent = [];
        private readonly ConcurrentBag<string> _contradictions = [];
        private volatile bool _stopped;
        private int _answered;
        private int _cutOff;
        private int _committedBeforeTheCut;

        private Workload(Guid meeting, string run)
        {
            BusyMeeting = meeting;
            for (var n = 0; n < 3000; n++)
            {
                var marker = $"Z{run}-{n:D4}";
                _pending.Enqueue((n % 3) switch
                {
                    0 => new Write(marker, "/api/organisations", $$"""
                        {"name": "Crash test {{marker}}", "acronym": "{{marker.Replace("-", "", StringComparison.Ordinal)}}", "kind": "ResearchTeam", "country": "FR", "city": "Paris"}
                        """, HttpStatusCode.Created),
                    1 => new Write(marker, "/api/meetings", $$"""
                        {"title": "Meeting {{marker}}", "kind": "Symposium", "start": "2026-06-01T09:00:00", "end": "2026-06-02T17:00:00", "timeZone": "Europe/Paris",
                         "venue": {"name": "Hôpital Saint-Louis", "city": "Paris", "country": "FR"}, "capacity": 50, "visibility": "Public", "requiresApproval": false, "organisers": [], "chairs": []}
                        """, HttpStatusCode.Created),
                    _ => new Write(marker, $"/api/meetings/{meeting}/sessions", $$"""
                        {"title": "Session {{marker}}", "kind": "Oral", "start": "2026-06-01T10:00:00", "end": "2026-06-01T10:30:00"}
                        """, HttpStatusCode.OK),
                });
            }
        }

        public int CutOff => _cutOff;

        /// <summary>The meeting a third of the writes add sessions to: one grain under load the whole time.</summary>
        public Guid BusyMeeting { get; }

        public string Summary => $"{_sent.Count} keyed writes sent, {_cutOff} answers cut off (no answer or 503) and retried ({_committedBeforeTheCut} of those writes had committed), all stored exactly once.";

        public static async Task<Workload> PrepareAsync(HttpClient staff)
        {
            var meeting = await staff.SendRawAsync(HttpMethod.Post, "/api/meetings", """
                {"title": "The busy meeting", "kind": "Congress", "start": "2026-06-01T09:00:00", "end": "2026-06-03T17:00:00", "timeZone": "Europe/Paris",
                 "venue": {"name": "Palais des congrès", "city": "Paris", "country": "FR"}, "capacity": 500, "visibility": "Public", "requiresApproval": false, "organisers": [], "chairs": []}
                """);
            Assert.Equal(HttpStatusCode.Created, meeting.StatusCode);
            return new Workload((await meeting.ReadAsync<JsonElement>()).GetProperty("id").GetGuid(), Guid.NewGuid().ToString("N")[..6].ToUpperInvariant());
        }

        /// <summary>
        /// Callers send writes until stopped or, when the platform dies, until their requests fail; a caller that
        /// goes on after a failure first waits a second, as a client told to retry after a while does.
        /// </summary>
        public Task RunAsync(HttpClient client, bool stopOnServerError = true) =>
            Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
            {
                while (!_stopped && _pending.TryDequeue(out var write))
                {
                    _sent.Add(write);
                    if (!await SendAsync(client, write))
                    {
                        if (stopOnServerError)
                        {
                            return; // the process is gone: what is in flight stays unanswered
                        }

                        await Task.Delay(TimeSpan.FromSeconds(1));
                    }
                }
            })));

        public void Stop() => _stopped = true;

        /// <summary>Waits until <paramref name="count"/> writes in all have been answered.</summary>
        public async Task AnsweredAsync(int count, TimeSpan? within = null)
        {
            var limit = within ?? TimeSpan.FromSeconds(60);
            var deadline = DateTime.UtcNow + limit;
            while (Volatile.Read(ref _answered) < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"Only {_answered} writes answered in {limit.TotalSeconds} s.");
                await Task.Delay(20);
            }
        }

        /// <summary>Every write sent without a final answer, again with its key, until each has one.</summary>
        public async Task RetryUntilAnsweredAsync(HttpClient client, string connectionString)
        {
            // The cut-off writes that had committed all the same: the retries that must be answered as done.
            var stored = await StoredAsync(connectionString);
            _committedBeforeTheCut = _sent.Count(w => w.Final is null && stored.ContainsKey(w.Marker));

            var deadline = DateTime.UtcNow.AddSeconds(60);
            List<Write> open;
            while ((open = [.. _sent.Where(w => w.Final is null)]).Count > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{open.Count} writes still unanswered after 60 s of retries.");
                await Parallel.ForEachAsync(open, new ParallelOptions { MaxDegreeOfParallelism = Callers }, async (write, _) => await SendAsync(client, write));
            }

            // And once more for writes that were answered: a retry replays, it never writes again.
            await Parallel.ForEachAsync(_sent.Take(30), new ParallelOptions { MaxDegreeOfParallelism = Callers }, async (write, _) => await SendAsync(client, write));
        }

        public async Task AssertExactlyOnceAsync(string connectionString, PlatformProcess platform)
        {
            Assert.True(_contradictions.IsEmpty, string.Join('\n', _contradictions.Take(10)) + "\n" + platform.LogTail());
            var wrong = _sent.Where(w => w.Final != w.Expected).Select(w => $"{w.Marker} {w.Url}: {w.Final}").ToList();
            Assert.True(wrong.Count == 0, $"{wrong.Count} writes did not end as acknowledged: {string.Join("; ", wrong.Take(10))}\n{platform.LogTail()}");

            // Each write is one event holding its marker: none lost, none twice.
            var stored = await StoredAsync(connectionString);
            var lost = _sent.Where(w => !stored.ContainsKey(w.Marker)).Select(w => w.Marker).ToList();
            var twice = stored.Where(s => s.Value > 1).Select(s => $"{s.Key} ×{s.Value}").ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} acknowledged writes lost: {string.Join(", ", lost.Take(10))}");
            Assert.True(twice.Count == 0, $"{twice.Count} writes stored more than once: {string.Join(", ", twice.Take(10))}");
            Assert.Equal(_sent.Count, stored.Count(s => _sent.Any(w => w.Marker == s.Key)));
        }

        /// <summary>How many events hold each write's marker.</summary>
        private static async Task<Dictionary<string, long>> StoredAsync(string connectionString)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand(
                "select substring(data::text from 'Z[0-9A-F]{6}-[0-9]{4}'), count(*) from alfa.mt_events where data::text ~ 'Z[0-9A-F]{6}-[0-9]{4}' group by 1",
                connection);
            var stored = new Dictionary<string, long>();
            await using var reader = await count.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored[reader.GetString(0)] = reader.GetInt64(1);
            }

            return stored;
        }

        /// <summary>Sends one write; false when no answer came back (the process died, the connection dropped).</summary>
        private async Task<bool> SendAsync(HttpClient client, Write write)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, write.Url)
            {
                Content = new StringContent(write.Body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(IdempotencyKeys.Header, write.Key);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref _cutOff);
                return false;
            }

            using (response)
            {
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    // The only honest answer while the database is away: it may or may not have been applied.
                    Interlocked.Increment(ref _cutOff);
                    if (!body.Contains("\"outcome_unknown\"", StringComparison.Ordinal))
                    {
                        _contradictions.Add($"{write.Marker}: 503 without outcome_unknown: {body}");
                    }

                    return false;
                }

                if (response.StatusCode != write.Expected)
                {
                    _contradictions.Add($"{write.Marker} {write.Url}: {(int)response.StatusCode} {body}");
                }

                write.Final = response.StatusCode;
                Interlocked.Increment(ref _answered);
                return (int)response.StatusCode < 500;
            }
        }
    }

    private sealed class Write(string marker, string url, string body, HttpStatusCode expected)
    {
        public string Marker { get; } = marker;

        public string Url { get; } = url;

        public string Body { get; } = body;

        public HttpStatusCode Expected { get; } = expected;

        public string Key { get; } = Guid.NewGuid().ToString();

        public HttpStatusCode? Final { get; set; }
    }
}
