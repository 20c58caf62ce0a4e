using System.Net;
using System.Net.Http.Json;
using AlfaPlatform.Server.Tests.Dashboards;

namespace AlfaPlatform.Server.Tests.Fixtures;

/// <summary>
/// A test gives a record a past by moving its stored events back in time, after the platform has recorded them now. The
/// organisations by day were folded from the events as recorded: they are rebuilt from the moved ones, as staff would
/// rebuild them after any change to stored events.
/// </summary>
public static class RecordsByDayRebuilds
{
    public static async Task RebuildOrganisationDaysAsync(this HttpClient staff)
    {
        var started = await staff.PostAsJsonAsync("/api/dashboards/rebuild", new { projection = "organisation-days" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        await DashboardLiveTests.RebuildsFinishedAsync(staff, ["organisation-days"]);
    }
}
