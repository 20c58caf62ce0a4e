using System.Net;
using System.Text.RegularExpressions;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Meetings;
using Microsoft.Playwright;
using Npgsql;

namespace AlfaPlatform.Server.Tests.Web.Staff;

/// <summary>
/// The network office runs a meeting in the browser: builds it (form, programme), publishes it and opens
/// registration, sees a member's registration arrive, checks the registrant in on a phone; reviews and schedules
/// contributions; reads the meeting's history and the meeting as it stood on an earlier day. Members get the 403.
/// </summary>
[Collection(WebAppCollection.Name)]
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

        await page.WaitForURLAsync(new Regex("/office/meetings/[0-9a-f-]{36}$"));
        var id = Guid.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..]);
        await WebAppFixture.ReadyAsync(page, "office-meeting");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Autumn study group days");
        await Assertions.Expect(page.GetByTestId("meeting-status")).ToHaveTextAsync("Draft");
        await Assertions.Expect(page.GetByTestId("meeting-when")).ToContainTextAsync("09:00");
        await Assertions.Expect(page.GetByTestId("meeting-when")).ToContainTextAsync("Europe/Paris");
        await Assertions.Expect(page.GetByTestId("programme-empty")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

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
