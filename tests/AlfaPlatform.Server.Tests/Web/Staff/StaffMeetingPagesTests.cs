using System.Net;
using System.Text.RegularExpressions;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Meetings;
using Microsoft.Playwright;

namespace AlfaPlatform.Server.Tests.Web.Staff;

/// <summary>
/// The network office runs a meeting in the browser: builds it (form, programme), publishes it and opens
/// registration, sees a member's registration arrive, checks the registrant in on a phone; reviews and schedules
/// contributions; reads the meeting's history and the meeting as it stood on an earlier day. Members get the 403.
/// </summary>
[Collection(OfficeWebAppCollection.Name)]
public sealed partial class StaffMeetingPagesTests(WebAppFixture web)
{
    private HttpClient Staff => web.Platform.Client;

    [Fact]
    public async Task staff_build_and_publish_a_meeting_then_check_a_registrant_in_on_a_phone()
    {
        var staff = await web.AccountAsync("staff");
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, staff, "/office/meetings");
        await WebAppFixture.ReadyAsync(page, "office-meetings");
        await page.AssertAccessibleAsync();

        await page.GetByTestId("create-meeting").ClickAsync();
        await WebAppFixture.ReadyAsync(page, "office-meeting-form");
        await page.AssertAccessibleAsync();
        var title = page.GetByLabel("Title", new() { Exact = true });
        await title.FillAsync(new string('x', 301));
        await Assertions.Expect(page.GetByText("At most 300 characters.")).ToBeVisibleAsync();
        await title.FillAsync("Autumn study group days");
        await page.Locator("#kind").SelectOptionAsync("ScientificMeeting");
        var today = ParisToday();
        await page.GetByLabel("Starts (local time)").FillAsync($"{today:yyyy-MM-dd}T09:00");
        await page.GetByLabel("Ends (local time)").FillAsync($"{today.AddDays(1):yyyy-MM-dd}T17:00");
        await page.GetByLabel("Venue").FillAsync("Institut Curie");
        await page.GetByLabel("City").FillAsync("Paris");
        await page.GetByLabel("Seats (empty: no limit)").FillAsync("1");
        await page.GetByLabel("Chairs").FillAsync("Hervé Dombret");
        await page.AssertAccessibleAsync();
        await page.GetByTestId("save").ClickAsync();

        await WebAppFixture.ArrivedAsync(page, new Regex("/office/meetings/[0-9a-f-]{36}$"));
        var id = Guid.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..]);
        await WebAppFixture.ReadyAsync(page, "office-meeting");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Autumn study group days");
        await Assertions.Expect(page.GetByTestId("meeting-status")).ToHaveTextAsync("Draft");
        await Assertions.Expect(page.GetByTestId("meeting-when")).ToContainTextAsync("09:00");
        await Assertions.Expect(page.GetByTestId("meeting-when")).ToContainTextAsync("Europe/Paris");
        await Assertions.Expect(page.GetByTestId("programme-empty")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        // Edited: the details and the place change, two commands of the API, the second on the version the first left.
        await page.GetByTestId("edit").ClickAsync();
        await WebAppFixture.ReadyAsync(page, "office-meeting-form");
        await Assertions.Expect(title).ToHaveValueAsync("Autumn study group days");
        await page.AssertAccessibleAsync();
        await title.FillAsync("Autumn study group days, Paris");
        await page.GetByLabel("Venue").FillAsync("Institut Curie, Amphi Marie Curie");
        await page.GetByTestId("save").ClickAsync();
        await WebAppFixture.ArrivedAsync(page, new Regex($"/office/meetings/{id}$"));
        await WebAppFixture.ReadyAsync(page, "office-meeting");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Autumn study group days, Paris");
        await Assertions.Expect(page.GetByTestId("meeting-header")).ToContainTextAsync("Institut Curie, Amphi Marie Curie, Paris");

        // A session of the programme, typed in the meeting's own zone.
        await page.GetByLabel("Session title").FillAsync("Opening plenary");
        await page.Locator("#session-kind").SelectOptionAsync("Plenary");
        await page.GetByLabel("Starts (Europe/Paris)").FillAsync($"{today:yyyy-MM-dd}T09:30");
        await page.GetByLabel("Ends (Europe/Paris)").FillAsync($"{today:yyyy-MM-dd}T10:45");
        await page.GetByLabel("Room").FillAsync("Amphi Marie Curie");
        await page.GetByTestId("add-session").ClickAsync();
        var session = page.Locator("[data-session]", new() { HasText = "Opening plenary" });
        await Assertions.Expect(session).ToContainTextAsync("09:30–10:45");
        await Assertions.Expect(session).ToContainTextAsync("Amphi Marie Curie");
        await Assertions.Expect(session).ToContainTextAsync("Plenary");
        await page.AssertAccessibleAsync();

        await page.GetByTestId("publish").ClickAsync();
        await Assertions.Expect(page.GetByTestId("meeting-status")).ToHaveTextAsync("Published");
        await page.GetByTestId("open-registration").ClickAsync();
        await Assertions.Expect(page.GetByTestId("meeting-status")).ToHaveTextAsync("Registration open");

        // Two members register through the API: the one seat, then the waiting list.
        var family = $"Arrival{Guid.NewGuid():N}"[..14];
        var (first, _) = await web.Platform.SignInAsLinkedMemberAsync("Léa", family);
        var (second, _) = await web.Platform.SignInAsLinkedMemberAsync("Noé", "Waitingson");
        (await first.RegisterAsync(id)).EnsureSuccessStatusCode();
        (await second.RegisterAsync(id)).EnsureSuccessStatusCode();
        await Assertions.Expect(page.GetByTestId("seats")).ToHaveTextAsync("1 of 1");
        await Assertions.Expect(page.GetByTestId("waiting")).ToHaveTextAsync("1");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Registrations" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("registered")).ToContainTextAsync($"Léa {family}");
        await Assertions.Expect(page.GetByTestId("waiting-list")).ToContainTextAsync("Noé Waitingson");
        await Assertions.Expect(page.GetByTestId("capacity")).ToContainTextAsync("1 of 1 seats taken; 1 on the waiting list");
        await page.AssertAccessibleAsync();

        // At the door, on a phone: found by a part of the name typed without its accent, checked in with one tap.
        var phone = await web.NewPageAsync(390, 844);
        await WebAppFixture.SignInAsync(phone, staff, $"/office/meetings/{id}/check-in");
        await WebAppFixture.ReadyAsync(phone, "office-check-in");
        await Assertions.Expect(phone.GetByTestId("check-in-count")).ToHaveTextAsync("0 of 1 checked in");
        await phone.AssertAccessibleAsync();
        await phone.GetByLabel("Search by name").FillAsync($"lea {family[..10]}");
        var registrant = phone.Locator("[data-registrant]");
        await Assertions.Expect(registrant).ToHaveCountAsync(1);
        await Assertions.Expect(registrant).ToContainTextAsync($"Léa {family}");
        await phone.GetByRole(AriaRole.Button, new() { Name = $"Check in Léa {family}" }).ClickAsync();
        await Assertions.Expect(registrant).ToHaveAttributeAsync("data-checked-in", "true");
        await Assertions.Expect(registrant.GetByTestId("checked-in")).ToContainTextAsync("Checked in");
        await Assertions.Expect(phone.GetByTestId("check-in-count")).ToHaveTextAsync("1 of 1 checked in");
        await phone.GetByLabel("Search by name").FillAsync("nobody of that name");
        await Assertions.Expect(phone.GetByTestId("nobody-found")).ToBeVisibleAsync();
        await phone.AssertAccessibleAsync();
        await phone.Context.CloseAsync();

        // The meeting page follows by itself.
        await Assertions.Expect(page.GetByTestId("registered").GetByTestId("checked-in")).Not.ToHaveTextAsync("—");
        await page.GotoAsync("/office/meetings");
        await WebAppFixture.ReadyAsync(page, "office-meetings");
        await Assertions.Expect(page.Locator($"[data-meeting='{id}'] [data-testid='status']")).ToHaveTextAsync("Registration open");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task staff_review_contributions_schedule_the_accepted_one_and_approve_a_registration()
    {
        var id = await Staff.OpenMeetingAsync(capacity: 10, requiresApproval: true);
        (await Staff.SendJsonAsync(HttpMethod.Post, $"/api/meetings/{id}/sessions", new
        {
            title = "Oral session 1", kind = "Oral", start = "2025-11-19T14:00:00", end = "2025-11-19T16:00:00", room = "Room A",
        })).EnsureSuccessStatusCode();
        var (ada, _) = await web.Platform.SignInAsLinkedMemberAsync("Ada", "Presenter");
        var (bob, _) = await web.Platform.SignInAsLinkedMemberAsync("Bob", "Second");
        var (cyd, _) = await web.Platform.SignInAsLinkedMemberAsync("Cyd", "Pending");
        var good = await SubmitAsync(ada, id, "FLT3-ITD microclones in BIG-1");
        var weak = await SubmitAsync(bob, id, "A weaker abstract");
        (await cyd.RegisterAsync(id)).EnsureSuccessStatusCode();

        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.AccountAsync("staff"), $"/office/meetings/{id}");
        await WebAppFixture.ReadyAsync(page, "office-meeting");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Contributions" }).ClickAsync();
        var accepted = page.Locator($"[data-contribution='{good}']");
        var rejected = page.Locator($"[data-contribution='{weak}']");
        await Assertions.Expect(accepted.GetByTestId("contribution-status")).ToHaveTextAsync("Submitted");
        await page.AssertAccessibleAsync();

        await accepted.GetByLabel("Note to the submitter (optional)").FillAsync("An oral slot");
        await accepted.GetByRole(AriaRole.Button, new() { Name = "Accept FLT3-ITD microclones in BIG-1" }).ClickAsync();
        await Assertions.Expect(accepted.GetByTestId("contribution-status")).ToHaveTextAsync("Accepted");
        await Assertions.Expect(accepted).ToContainTextAsync("An oral slot");
        await rejected.GetByRole(AriaRole.Button, new() { Name = "Reject A weaker abstract" }).ClickAsync();
        await Assertions.Expect(rejected.GetByTestId("contribution-status")).ToHaveTextAsync("Rejected");

        await accepted.Locator($"#session-{good}").SelectOptionAsync(new SelectOptionValue { Label = "Oral session 1 · 19 Nov 2025, 14:00–16:00" });
        await accepted.GetByTestId("schedule").ClickAsync();
        await Assertions.Expect(accepted.GetByTestId("contribution-session")).ToHaveTextAsync("Oral session 1");
        await page.AssertAccessibleAsync();

        await page.GetByRole(AriaRole.Tab, new() { Name = "Programme" }).ClickAsync();
        await Assertions.Expect(page.Locator($"[data-contribution='{good}']")).ToHaveTextAsync("FLT3-ITD microclones in BIG-1 · Ada Presenter");
        await Assertions.Expect(page.GetByTestId("remove-session")).ToHaveCountAsync(0); // a session with a contribution stays

        await page.GetByRole(AriaRole.Tab, new() { Name = "Registrations" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("pending")).ToContainTextAsync("Cyd Pending");
        await page.AssertAccessibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve Cyd Pending" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("registered")).ToContainTextAsync("Cyd Pending");
        await Assertions.Expect(page.GetByTestId("pending")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("capacity")).ToContainTextAsync("1 of 10 seats taken");

        // Cancelling a registration asks twice.
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel the registration of Cyd Pending" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm: cancel the registration of Cyd Pending" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("ended")).ToContainTextAsync("Cyd Pending · Cancelled");
        await Assertions.Expect(page.GetByTestId("no-registrations")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task the_meeting_page_shows_its_history_and_the_meeting_as_it_stood_on_an_earlier_day()
    {
        var id = await Staff.CreateMeetingAsync(title: "Before the rename");
        await web.Platform.BackdateAsync<Meeting>(id, (1, "2026-01-10T09:00:00Z"));
        (await Staff.SendJsonAsync(HttpMethod.Put, $"/api/meetings/{id}/details", new { title = "After the rename", kind = "Congress", visibility = "Public", capacity = 100 }))
            .EnsureSuccessStatusCode();

        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.AccountAsync("staff"), $"/office/meetings/{id}");
        await WebAppFixture.ReadyAsync(page, "office-meeting");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("After the rename");
        await page.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-event='MeetingCreated']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-event='MeetingDetailsChanged']")).ToContainTextAsync("After the rename");
        await page.AssertAccessibleAsync();

        await WebAppFixture.ChooseAsOfAsync(page, "2026-06-01", page.Locator("#record-as-of-day"));
        await WebAppFixture.ReadyAsync(page, "office-meeting");
        await Assertions.Expect(page.GetByTestId("as-of-banner")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Before the rename");
        await Assertions.Expect(page.GetByTestId("edit")).ToHaveCountAsync(0); // as it stood: nothing is changed from here
        await Assertions.Expect(page.GetByTestId("add-session")).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }

    private static async Task<Guid> SubmitAsync(HttpClient member, Guid meeting, string title)
    {
        var response = await member.SendJsonAsync(HttpMethod.Post, $"/api/meetings/{meeting}/contributions", new
        {
            title, @abstract = "Results of the study.", authors = new[] { "A. Author", "B. Author" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
    }

    private static DateOnly ParisToday() =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).DateTime);

    [Fact]
    public async Task a_member_typing_a_meeting_office_address_gets_the_styled_403()
    {
        var id = await Staff.CreateMeetingAsync(title: "Office only");
        var member = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(member, await web.AccountAsync("member"));
        foreach (var path in new[] { "/office/meetings", "/office/meetings/new", $"/office/meetings/{id}", $"/office/meetings/{id}/edit", $"/office/meetings/{id}/check-in" })
        {
            var response = await member.GotoAsync(path);
            Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
            await Assertions.Expect(member.Locator("[data-status='403']")).ToBeVisibleAsync();
        }

        await member.Context.CloseAsync();
    }
}
