using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AlfaPlatform.Server.Dashboards;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Server.Tests.Dashboards;

/// <summary>
/// A dashboard kept by its gateway while its projection stands still (<see cref="DashboardAnswers"/>): seen through a
/// row written into the projection's table behind the daemon's back, which only a read of the database shows. On a
/// platform of its own, so that nothing else moves the projection meanwhile.
/// </summary>
public sealed class DashboardAnswersTests : OwnDatabaseTests
{
    private const string Probe = "probe";

    [Fact]
    public async Task a_dashboard_is_answered_from_its_gateway_until_its_projection_moves_or_is_rebuilt()
    {
        var app = await StartAsync();
        using var staff = await PlatformFixture.CreateClientAsync(app);
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var changes = app.Services.GetRequiredService<DashboardChanges>();
        var first = await CaughtUpAsync(staff, changes);

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await using (var session = store.LightweightSession())
        {
            session.Store(NetworkDayChange.Of(NetworkOverviewProjection.Organisations, Probe, today, 1));
            await session.SaveChangesAsync();
        }

        // Kept: the projection has not moved, so the answer read at its sequence is the answer.
        var kept = await NetworkAsync(staff);
        Assert.Equal(Sequence(first), Sequence(kept));
        Assert.Equal(0, Count(kept, Probe));
        Assert.Equal(0, Count(await NetworkAsync(staff, "?asOf=" + today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), Probe)); // the same day asked for by name

        // Moved: a new organisation's event is applied, and the gateway reads the table again once it has seen that.
        await staff.RegisterOrganisationAsync(kind: "RndPlatform");
        var moved = await CaughtUpAsync(staff, changes, after: Sequence(kept));
        Assert.Equal((1, Count(kept, "RndPlatform") + 1), (Count(moved, Probe), Count(moved, "RndPlatform")));

        // Rebuilt: the table is replayed from the events (the probe is none of them) to the same sequence; what was kept
        // before the rebuild is not answered after it.
        Assert.Equal(HttpStatusCode.Accepted, (await staff.PostAsJsonAsync("/api/dashboards/rebuild", new { projection = DashboardProjections.Network })).StatusCode);
        await DashboardLiveTests.RebuildsFinishedAsync(staff, [DashboardProjections.Network]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        JsonElement rebuilt;
        do
        {
            await Task.Delay(50, timeout.Token);
            rebuilt = await NetworkAsync(staff);
        }
        while (Count(rebuilt, Probe) != 0);

        Assert.Equal((Sequence(moved), Count(moved, "RndPlatform")), (Sequence(rebuilt), Count(rebuilt, "RndPlatform")));
        Assert.False(rebuilt.GetProperty("freshness").GetProperty("rebuilding").GetBoolean());
    }

    /// <summary>
    /// Reads the network dashboard until its projection has applied every event, past <paramref name="after"/>, and the
    /// gateway has seen it there too; then once more, which the gateway keeps.
    /// </summary>
    private static async Task<JsonElement> CaughtUpAsync(HttpClient staff, DashboardChanges changes, long after = 0)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var answer = await NetworkAsync(staff);
            var sequence = Sequence(answer);
            if (sequence > after && sequence >= answer.GetProperty("freshness").GetProperty("highWaterMark").GetInt64()
                && changes.Current.Single(c => c.Projection == DashboardProjections.Network).Sequence == sequence)
            {
                return await NetworkAsync(staff);
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    private static Task<JsonElement> NetworkAsync(HttpClient staff, string query = "") =>
        staff.GetAsync("/api/dashboards/network" + query).OkJsonAsync();

    private static long Sequence(JsonElement answer) => answer.GetProperty("freshness").GetProperty("sequence").GetInt64();

    private static int Count(JsonElement answer, string kind) =>
        answer.GetProperty("figures").GetProperty("organisationsByKind").TryGetProperty(kind, out var n) ? n.GetInt32() : 0;
}
