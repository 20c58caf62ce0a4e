using System.Net;
using System.Text.Json;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.People;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;

namespace AlfaPlatform.Server.Tests.People;

/// <summary>
/// Who may erase, and what erasure refuses (ADR 0008). What it removes, from every table, is in
/// <see cref="CompleteErasureTests"/>.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ErasureTests(PlatformFixture platform)
{
    private readonly HttpClient _staff = platform.Client;

    [Theory]
    [InlineData("member")]
    [InlineData("viewer")]
    public async Task only_staff_erase_a_person(string role)
    {
        var person = await _staff.RegisterPersonAsync("Nora", "Notyet");
        using var client = await platform.SignInAsAsync([role]);
        var before = await platform.CountEventsAsync();

        var erase = await client.PostAsync($"/api/people/{person}/erase", null);

        Assert.Equal(HttpStatusCode.Forbidden, erase.StatusCode);
        Assert.Equal(before, await platform.CountEventsAsync());
        Assert.Equal("Nora Notyet", (await (await _staff.GetAsync($"/api/people/{person}")).ReadAsync<JsonElement>()).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("member")]
    [InlineData("viewer")]
    [InlineData("partner")]
    public async Task only_staff_erase_a_partner_contact(string role)
    {
        var applied = await platform.Anonymous.SendJsonAsync(HttpMethod.Post, "/api/partner-applications", new
        {
            companyName = $"Refused {Guid.NewGuid():N}", country = "FR", size = "Sme", contactName = "Rita Refused",
            contactEmail = $"rita-{Guid.NewGuid():N}@example.org", interest = "Anything",
        });
        var application = (await applied.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await _staff.SendJsonAsync(HttpMethod.Post, $"/api/partner-applications/{application}/reject", new { reason = "No" })).StatusCode);
        using var client = role == "partner"
            ? await platform.SignInAsAsync([role], (await _staff.RegisterOrganisationAsync(kind: "PartnerCompany")).Id)
            : await platform.SignInAsAsync([role]);
        var before = await platform.CountEventsAsync();

        var erase = await client.PostAsync($"/api/partner-applications/{application}/erase", null);

        Assert.Equal(HttpStatusCode.Forbidden, erase.StatusCode);
        Assert.Equal(before, await platform.CountEventsAsync());
        Assert.Equal("Rita Refused", (await (await _staff.GetAsync($"/api/partner-applications/{application}")).ReadAsync<JsonElement>())
            .GetProperty("contactName").GetString());
    }

    [Theory]
    [InlineData("member")]
    [InlineData("viewer")]
    [InlineData("partner")]
    public async Task only_staff_erase_an_account(string role)
    {
        var userName = $"kept-{Guid.NewGuid():N}@example.org";
        var opened = await _staff.SendJsonAsync(HttpMethod.Post, "/api/accounts", new { userName, displayName = "Kim Kept", roles = new[] { "viewer" }, password = "a-long-enough-password" });
        var account = (await opened.ReadAsync<JsonElement>()).GetProperty("account").GetProperty("id").GetGuid();
        using var client = role == "partner"
            ? await platform.SignInAsAsync([role], (await _staff.RegisterOrganisationAsync(kind: "PartnerCompany")).Id)
            : await platform.SignInAsAsync([role]);

        var erase = await client.PostAsync($"/api/accounts/{account}/erase", null);

        Assert.Equal(HttpStatusCode.Forbidden, erase.StatusCode);
        var accounts = await (await _staff.GetAsync("/api/accounts")).ReadAsync<JsonElement>();
        Assert.Contains(accounts.EnumerateArray(), a => a.GetProperty("userName").GetString() == userName && a.GetProperty("isActive").GetBoolean());
    }

    [Fact]
    public async Task an_account_linked_to_a_person_is_erased_with_the_person_and_an_unknown_one_is_not_found()
    {
        var person = await _staff.RegisterPersonAsync("Lina", "Linked");
        var opened = await _staff.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName = $"lina-{Guid.NewGuid():N}@example.org", displayName = "Lina Linked", roles = new[] { "member" }, password = "a-long-enough-password",
        });
        var account = (await opened.ReadAsync<JsonElement>()).GetProperty("account").GetProperty("id").GetGuid();
        Assert.True((await platform.Grains.GetGrain<IPersonGrain>(person).ExecuteAsync(new LinkPersonToAccount(account), null)).IsAccepted);

        var linked = await _staff.PostAsync($"/api/accounts/{account}/erase", null);
        var unknown = await _staff.PostAsync($"/api/accounts/{Guid.NewGuid()}/erase", null);

        Assert.Equal(HttpStatusCode.Conflict, linked.StatusCode);
        Assert.Equal("linked_person", (await linked.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task a_deactivated_person_can_be_erased_and_an_unknown_one_is_not_found()
    {
        var person = await _staff.RegisterPersonAsync("Dora", "Deactivated");
        Assert.Equal(HttpStatusCode.OK, (await _staff.SendJsonAsync(HttpMethod.Post, $"/api/people/{person}/deactivate", new { reason = "left" })).StatusCode);

        var erased = await _staff.PostAsync($"/api/people/{person}/erase", null);
        var unknown = await _staff.PostAsync($"/api/people/{Guid.NewGuid()}/erase", null);

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal("erased person", (await erased.ReadAsync<JsonElement>()).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var update = await _staff.SendJsonAsync(HttpMethod.Put, $"/api/people/{person}/profile", new { givenName = "Dora", familyName = "Back", email = "dora@example.org" });
        Assert.Equal("erased", (await update.ProblemAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task staff_cannot_erase_themselves()
    {
        var person = await _staff.RegisterPersonAsync("Sam", "Staff");
        var userName = $"sam.{Guid.NewGuid():N}@example.org";
        const string password = "a-long-enough-password";
        var opened = await _staff.SendJsonAsync(HttpMethod.Post, "/api/accounts", new { userName, displayName = "Sam Staff", roles = new[] { "staff" }, password });
        var account = (await opened.ReadAsync<JsonElement>()).GetProperty("account").GetProperty("id").GetGuid();
        Assert.True((await platform.Grains.GetGrain<IPersonGrain>(person).ExecuteAsync(new LinkPersonToAccount(account), null)).IsAccepted);
        using var sam = PlatformFixture.CreateClient(platform.App);
        await Accounts.SignInAsync(sam, userName, password);

        var erase = await sam.PostAsync($"/api/people/{person}/erase", null);

        Assert.Equal("own_record", (await erase.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal("Sam Staff", (await (await _staff.GetAsync($"/api/people/{person}")).ReadAsync<JsonElement>()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task a_person_still_in_a_team_cannot_be_erased_until_they_left()
    {
        var organisation = await _staff.RegisterOrganisationAsync(kind: "ResearchTeam");
        var team = await _staff.CreateTeamAsync(organisation.Id);
        var person = await _staff.RegisterPersonAsync("Still", "Member");
        await _staff.AddMemberAsync(team, person, "Lead", "2024-01-01");
        var before = await platform.CountEventsAsync();

        var refused = await _staff.PostAsync($"/api/people/{person}/erase", null);

        Assert.Equal(System.Net.HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("still_a_member", (await refused.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(before, await platform.CountEventsAsync());
    }
}
