using System.Text.Json;
using AlfaPlatform.Server.Meetings;
using AlfaPlatform.Server.Organisations;
using AlfaPlatform.Server.Organisations.Contracts;
using AlfaPlatform.Server.Tests.Fixtures;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Server.Tests.Meetings;

/// <summary>A fresh start seeds the meetings of the network's news through the command path; a restart adds nothing.</summary>
public sealed class MeetingSeedTests : OwnDatabaseTests
{
    [Fact]
    public async Task the_seeded_meetings_appear_in_the_public_calendar_after_a_fresh_start_and_a_restart_adds_none()
    {
        var first = await StartAsync(seed: true);
        var calendar = await PlatformFixture.CreateClient(first).GetJsonAsync("/api/meetings?pageSize=200");
        var events = await CountEventsAsync(first);
        await StopAsync(first);

        var second = await StartAsync(seed: true);
        var again = await PlatformFixture.CreateClient(second).GetJsonAsync("/api/meetings?pageSize=200");

        var items = calendar.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(MeetingSeed.Meetings.Count, calendar.GetProperty("total").GetInt32());
        Assert.Superset(new HashSet<string?> { "LEUKEMIA 360", "LEUKEMIA 360 — second edition", "24th Annual SFGM-TC Congress",
            "66th ASH Annual Meeting and Exposition", "67th ASH Annual Meeting and Exposition" }, items.Select(m => m.GetProperty("title").GetString()).ToHashSet());
        var sfgm = items.Single(m => m.GetProperty("title").GetString() == "24th Annual SFGM-TC Congress");
        Assert.Equal("Europe/Zurich", sfgm.GetProperty("timeZone").GetString());
        Assert.Equal(new DateTime(2025, 11, 19, 9, 0, 0), sfgm.GetProperty("start").GetDateTime());
        var leukemia360 = items.Single(m => m.GetProperty("title").GetString() == "LEUKEMIA 360 — second edition");
        Assert.Equal("PartneringDay", leukemia360.GetProperty("kind").GetString());
        Assert.Equal(OrganisationSeed.IdOf("OPALE"), Assert.Single(leukemia360.GetProperty("organisers").EnumerateArray()).GetProperty("id").GetGuid());
        var eshal = items.Single(m => m.GetProperty("title").GetString() == "ESHAL 2026");
        Assert.Equal(["Hervé Dombret", "Christoph Röllig", "Wendy Stock"], eshal.GetProperty("chairs").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        var programme = await PlatformFixture.CreateClient(second).GetJsonAsync($"/api/meetings/{sfgm.GetProperty("id").GetGuid()}/programme");
        Assert.Equal(["Educational session", "Patient, donor and caregiver session", "GFIC-GM Nursing Day", "TEC/data managers day"],
            programme.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("title").GetString()));

        Assert.Equal(calendar.GetRawText(), again.GetRawText());
        Assert.Equal(events, await CountEventsAsync(second));
    }

    private static async Task<long> CountEventsAsync(Microsoft.AspNetCore.Builder.WebApplication app)
    {
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Events.QueryAllRawEvents().LongCountAsync();
    }
}
