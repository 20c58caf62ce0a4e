using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Meetings;
using AlfaPlatform.Server.Tests.Teams;
using Microsoft.Playwright;

namespace AlfaPlatform.Server.Tests.Web.Members;

/// <summary>A member in their workspace: their meetings (registrations, waiting list, contributions) and their own record.</summary>
[Collection(WebAppCollection.Name)]
public sealed class MemberMeetingsPagesTests(WebAppFixture web)
{
    [Fact]
    public async Task a_member_submits_a_contribution_to_a_meeting_and_sees_it_accepted_then_scheduled()
    {
        var staff = web.Platform.Client;
        var title = "MRD symposium " + Guid.NewGuid().ToString("N")[..6];
        var meeting = await staff.CreateMeetingAsync(title: title, visibility: "MembersOnly", start: "2030-06-10T09:00:00", end: "2030-06-10T18:00:00");
        await staff.StepAsync(meeting, "publish");
        var (person, _) = await web.PersonAsync("Mia", "Presenter");
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.MemberAccountOfAsync(person), "/my-meetings");
        await WebAppFixture.ReadyAsync(page, "my-meetings");
        await Assertions.Expect(page.GetByTestId("no-contribution")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        // The command's own rules, as the member types: a title is needed.
        var titleField = page.GetByLabel("Title", new() { Exact = true });
        await titleField.FillAsync("x");
        await titleField.FillAsync("");
        await Assertions.Expect(page.GetByTestId("contribution-form")).ToContainTextAsync("must not be empty");
        await page.Locator("#MeetingId").SelectOptionAsync(meeting.ToString());
        await titleField.FillAsync("Flow MRD after two cycles");
        await page.GetByLabel("Abstract").FillAsync("NPM1-mutated AML: MRD by flow cytometry predicts relapse.");
        await page.GetByLabel("Authors").FillAsync("Mia Presenter, Hervé Dombret");
        await page.GetByTestId("submit-contribution").ClickAsync();

        var row = page.Locator("[data-contribution]");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "Submitted");
        await Assertions.Expect(page.GetByTestId("contribution-submitted")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        var contribution = await row.GetAttributeAsync("data-contribution");

        // The office accepts it: the member's page shows it at once (a live page), with the office's note.
        await staff.PostAsync($"/api/meetings/{meeting}/contributions/{contribution}/accept", new { note = "Welcome to the oral session" }).ExpectAsync(HttpStatusCode.OK);
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "Accepted");
        await Assertions.Expect(row.GetByTestId("contribution-status")).ToContainTextAsync("Welcome to the oral session");
        await Assertions.Expect(row.GetByTestId("contribution-session")).ToHaveTextAsync("Not scheduled yet");

        // Then schedules it: the session, its time and room.
        await staff.PostAsync($"/api/meetings/{meeting}/sessions", new
        {
            title = "MRD oral session", kind = "Oral", start = "2030-06-10T10:00:00", end = "2030-06-10T11:30:00", room = "Salle B",
        }).ExpectAsync(HttpStatusCode.OK);
        var session = (await staff.GetJsonAsync($"/api/meetings/{meeting}/programme")).GetProperty("sessions")[0].GetProperty("id").GetGuid();
        await staff.PostAsync($"/api/meetings/{meeting}/contributions/{contribution}/schedule", new { sessionId = session }).ExpectAsync(HttpStatusCode.OK);
        await Assertions.Expect(row.GetByTestId("contribution-session")).ToContainTextAsync("MRD oral session");
        await Assertions.Expect(row.GetByTestId("contribution-session")).ToContainTextAsync("10:00–11:30, room Salle B");
        await page.AssertAccessibleAsync();

        // The member withdraws it.
        await row.GetByTestId("withdraw-contribution").ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "Withdrawn");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_member_registers_for_a_full_meeting_and_sees_the_waiting_list_position()
    {
        var staff = web.Platform.Client;
        var meeting = await staff.CreateMeetingAsync(title: "Network day " + Guid.NewGuid().ToString("N")[..6], capacity: 1, visibility: "MembersOnly",
            start: "2030-09-14T09:00:00", end: "2030-09-14T17:00:00");
        await staff.StepAsync(meeting, "publish");
        await staff.StepAsync(meeting, "registration/open");
        await staff.RegisterAsync(meeting, await staff.RegisterPersonAsync("Sam", "Seated")).ExpectAsync(HttpStatusCode.OK);
        var (person, _) = await web.PersonAsync("Wes", "Waiting");
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.MemberAccountOfAsync(person), "/my-meetings");
        await WebAppFixture.ReadyAsync(page, "my-meetings");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Meetings you may register for" })).ToBeVisibleAsync();

        await page.Locator($"[data-open-meeting='{meeting}'] button").ClickAsync();

        await Assertions.Expect(page.Locator($"[data-registration='{meeting}']")).ToHaveAttributeAsync("data-status", "Waiting");
        await Assertions.Expect(page.Locator($"[data-registration='{meeting}']")).ToContainTextAsync("On the waiting list, position 1");
        await page.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task the_profile_shows_the_members_memberships_over_time()
    {
        var staff = web.Platform.Client;
        var (person, family) = await web.PersonAsync("Rosa", "Record");
        var first = await staff.CreateTeamAsync((await staff.RegisterOrganisationAsync(kind: "ResearchTeam")).Id, "Stem cells " + family);
        var second = await staff.CreateTeamAsync((await staff.RegisterOrganisationAsync(kind: "ResearchTeam")).Id, "MRD platform " + family);
        var lead = await staff.RegisterPersonAsync("Lea", "Lead"); // a team's first member is its lead
        await staff.AddMemberAsync(first, lead, "Lead", "2015-01-01").ExpectAsync(HttpStatusCode.OK);
        await staff.AddMemberAsync(second, lead, "Lead", "2015-01-01").ExpectAsync(HttpStatusCode.OK);
        await staff.AddMemberAsync(first, person, "PhdStudent", "2019-10-01").ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"/api/teams/{first}/members/{person}/leave", new { on = "2022-12-31" }).ExpectAsync(HttpStatusCode.OK);
        await staff.AddMemberAsync(second, person, "PostDoc", "2023-01-02").ExpectAsync(HttpStatusCode.OK);
        await staff.SendJsonAsync(HttpMethod.Put, $"/api/teams/{second}/members/{person}/role", new { role = "Bioinformatician", on = "2024-06-01" })
            .ExpectAsync(HttpStatusCode.OK);
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.MemberAccountOfAsync(person), "/profile");
        await WebAppFixture.ReadyAsync(page, "profile");

        await Assertions.Expect(page.GetByTestId("record-name")).ToHaveTextAsync($"Rosa {family}");
        var past = page.Locator($"[data-team='{first}']");
        await Assertions.Expect(past).ToContainTextAsync("PhD student from 1 Oct 2019");
        await Assertions.Expect(past).ToContainTextAsync("31 Dec 2022");
        await Assertions.Expect(past.GetByRole(AriaRole.Link)).ToHaveCountAsync(0); // a team left: no page of theirs
        var current = page.Locator($"[data-team='{second}']");
        await Assertions.Expect(current).ToContainTextAsync("Bioinformatician from 1 Jun 2024");
        await Assertions.Expect(current.GetByRole(AriaRole.Link, new() { Name = "MRD platform " + family })).ToHaveAttributeAsync("href", $"/my-teams/{second}");
        await page.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }
}
