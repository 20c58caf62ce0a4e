using System.Net;
using System.Net.Http.Json;
using AlfaPlatform.Server.Dashboards;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Dashboards;
using AlfaPlatform.Server.Tests.Fixtures;
using Npgsql;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>
/// The async daemon leads from one node at a time (HotCold, ADR 0010): a rebuild asked of any node runs on the leader,
/// and when the leader is killed, another node takes the projections over and the dashboards go on following the writes.
/// </summary>
public sealed class DaemonFailoverTests : OwnDatabaseTests
{
    private static readonly TimeSpan TakeOverLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task a_rebuild_asked_of_the_gateway_runs_on_the_leader_and_when_the_leader_is_killed_another_node_takes_the_lead_within_30_seconds_and_projects_the_writes_after_the_loss()
    {
        await using var first = await PlatformProcess.StartAsync(Database, PlatformRole.Silo, name: "alfa-node-1");
        await using var second = await PlatformProcess.StartAsync(Database, PlatformRole.Silo, name: "alfa-node-2");
        await using var gateway = await PlatformProcess.StartAsync(Database, PlatformRole.Gateway, name: "alfa-gateway");
        using var staff = await gateway.SignInAsync();
        using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var leader = await LeaderAsync(except: null, ready.Token);
        var (killed, survivor) = leader == "alfa-node-1" ? (first, "alfa-node-2") : (second, "alfa-node-1");

        // The gateway runs no daemon: it records the request, and the leader takes it up.
        var asked = await staff.PostAsJsonAsync("/api/dashboards/rebuild", new { projection = DashboardProjections.Network }, ready.Token);
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var rebuilt = Assert.Single(await DashboardLiveTests.RebuildsFinishedAsync(staff, [DashboardProjections.Network]));
        Assert.Contains($":{killed.ProcessId}:", rebuilt.GetProperty("runOn").GetString(), StringComparison.Ordinal);

        await killed.KillAsync();

        using var takeOver = new CancellationTokenSource(TakeOverLimit);
        Assert.Equal(survivor, await LeaderAsync(except: leader, takeOver.Token));

        // Writes whose grains the lost silo held answer 503 until the cluster votes it dead; the survivor projects them
        // once they are accepted.
        using var declaredDead = new CancellationTokenSource(PlatformProcess.DeathVoteLimit);
        await RegisterAsync(staff, declaredDead.Token);
        while (await RndPlatformsAsync(staff, declaredDead.Token) < 1)
        {
            await Task.Delay(200, declaredDead.Token);
        }
    }

    /// <summary>The node whose database session holds the daemon's advisory lock (other than <paramref name="except"/>).</summary>
    private async Task<string> LeaderAsync(string? except, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync(cancellationToken);
        while (true)
        {
            await using var holders = new NpgsqlCommand(
                """
                select distinct a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
                where l.locktype = 'advisory' and l.granted and a.datname = current_database() and a.application_name like 'alfa-node-%'
                """, connection);
            var names = new List<string>();
            await using (var reader = await holders.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    names.Add(reader.GetString(0));
                }
            }

            if (names.Count == 1 && names[0] != except)
            {
                return names[0];
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static async Task RegisterAsync(HttpClient staff, CancellationToken cancellationToken)
    {
        var key = Guid.NewGuid().ToString();
        while (true)
        {
            try
            {
                using var response = await staff.SendRawAsync(HttpMethod.Post, "/api/organisations",
                    """{"name": "Plateforme de cytométrie", "acronym": "CYTOFAIL", "kind": "RndPlatform", "country": "FR", "city": "Paris"}""",
                    key, cancellationToken);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    return;
                }

                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode); // the lost node's answer: retry with the key
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // cut off with the node, or held past the client's time-out: retry with the key
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static async Task<int> RndPlatformsAsync(HttpClient staff, CancellationToken cancellationToken)
    {
        var network = await staff.GetAsync("/api/dashboards/network", cancellationToken).OkJsonAsync();
        return network.GetProperty("figures").GetProperty("organisationsByKind").TryGetProperty("RndPlatform", out var count) ? count.GetInt32() : 0;
    }
}
