using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Organisations;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Server.Tests.Identity;

[Collection(PlatformCollection.Name)]
public sealed class AuthorizationTests(PlatformFixture platform)
{
    [Fact]
    public void every_endpoint_declares_a_policy_or_is_explicitly_public()
    {
        var endpoints = platform.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var publicRoutes = new HashSet<string>
        {
            "/health/live", "/health/ready", "/openapi/{documentName}.json", "/connect/token",
            "/api/partner-applications/", // a company applies to become a partner before it has any account (POST only)
            "/api/partner-applications/status/{token}", // and follows it with the secret token it was given (404 without)
            // Public meetings' calendar, record, programme and iCalendar feeds (members-only meetings and drafts answer 404).
            "/api/meetings.ics", "/api/meetings/", "/api/meetings/{id:guid}", "/api/meetings/{id:guid}.ics", "/api/meetings/{id:guid}/programme",
            // The web app's sign-in page and its form, and signing out; choosing a password after a sign-in with a
            // one-time one (its own short-lived cookie, checked by the form's handler).
            "/signin", "/web/signin", "/web/signout", "/signin/password", "/web/password",
            // The web app's public pages (each reads as nobody through the mediator), its home (which sends each
            // person to their own workspace or to sign-in), its not-found page and the language switch.
            "/", "/not-found", "/calendar", "/calendar/{Id:guid}", "/apply", "/apply/status/{Token}", "/web/language/{language}",
            // The pages' live connection: public pages are interactive too; every page is still checked against the
            // circuit's person by the router (AuthorizeRouteView) and WebMediator reads nothing for a signed-out one.
            "/_blazor", "/_blazor/negotiate", "/_blazor/disconnect/", "/_blazor/initializers/",
        };

        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, endpoint =>
        {
            var route = endpoint.RoutePattern.RawText ?? endpoint.DisplayName ?? "?";
            // The web app's scripts and styles (Blazor's, MudBlazor's): files, no data. Their development fallback
            // ({**path:file}) keeps the platform's fallback policy (signed in).
            if (endpoint.Metadata.Any(m => m.GetType().Namespace?.StartsWith("Microsoft.AspNetCore.StaticAssets", StringComparison.Ordinal) == true)
                || route == "{**path:file}")
            {
                return;
            }

            var isPublic = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy ?? a.Roles).Where(p => p is not null).ToList();
            Assert.True(isPublic ? publicRoutes.Contains(route) : policies.Count > 0,
                isPublic ? $"{route} is public but not meant to be" : $"{route} names no authorization policy");
        });
    }

    [Theory]
    [InlineData("member")]
    [InlineData("viewer")]
    public async Task roles_other_than_staff_read_but_cannot_change_organisations(string role)
    {
        var organisation = await platform.Client.RegisterOrganisationAsync();
        using var client = await platform.SignInAsAsync([role]);
        var before = await platform.CountEventsAsync();

        var read = await client.GetAsync($"/api/organisations/{organisation.Id}");
        var register = await client.SendJsonAsync(HttpMethod.Post, "/api/organisations", new { name = "X", acronym = "X1", kind = "ResearchTeam", country = "FR" });
        var change = await client.SendJsonAsync(HttpMethod.Post, $"/api/organisations/{organisation.Id}/archive", new { reason = "no" });
        var withdraw = await client.DeleteAsync($"/api/organisations/{organisation.Id}/capabilities/Diagnostics");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, register.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withdraw.StatusCode);
        Assert.Equal(before, await platform.CountEventsAsync());
    }

    [Theory]
    [InlineData("/api/accounts", "member")]
    [InlineData("/api/api-clients", "viewer")]
    [InlineData("/api/audit", "member")]
    public async Task staff_only_resources_refuse_other_roles_with_403(string url, string role)
    {
        using var client = await platform.SignInAsAsync([role]);

        var response = url == "/api/audit" || url == "/api/api-clients" ? await client.GetAsync(url) : await client.SendJsonAsync(HttpMethod.Post, url, new { });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/organisations")]
    [InlineData("GET", "/api/me")]
    [InlineData("GET", "/api/audit")]
    [InlineData("POST", "/api/accounts")]
    [InlineData("POST", "/api/api-clients")]
    public async Task protected_endpoints_refuse_anonymous_callers_with_401(string method, string url)
    {
        var response = method == "GET"
            ? await platform.Anonymous.GetAsync(url)
            : await platform.Anonymous.SendJsonAsync(HttpMethod.Post, url, new { });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task a_partner_sees_its_own_organisation_and_another_ones_records_do_not_exist_for_it()
    {
        var own = await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        var other = await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        using var partner = await platform.SignInAsAsync(["partner"], own.Id);

        var ownRecord = await partner.GetAsync($"/api/organisations/{own.Id}");
        var otherRecord = await partner.GetAsync($"/api/organisations/{other.Id}");
        var otherHistory = await partner.GetAsync($"/api/organisations/{other.Id}/history");
        var otherAsOf = await partner.GetAsync($"/api/organisations/{other.Id}?asOf={DateTime.UtcNow:yyyy-MM-dd}");
        var directory = await (await partner.GetAsync("/api/organisations?includeArchived=true&pageSize=200")).ReadAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, ownRecord.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherRecord.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherHistory.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherAsOf.StatusCode);
        Assert.Equal([own.Id], directory.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task a_partner_cannot_change_even_its_own_organisation()
    {
        var own = await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        using var partner = await platform.SignInAsAsync(["partner"], own.Id);

        var response = await partner.SendJsonAsync(HttpMethod.Post, $"/api/organisations/{own.Id}/archive", new { reason = "ours" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task a_partner_account_must_name_an_existing_partner_company()
    {
        var team = await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam");

        var notAPartner = await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName = $"p-{Guid.NewGuid():N}@example.org", displayName = "P", roles = new[] { "partner" }, partnerOrganisationId = team.Id,
        });
        var missing = await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName = $"p-{Guid.NewGuid():N}@example.org", displayName = "P", roles = new[] { "partner" },
        });

        Assert.Equal(HttpStatusCode.Conflict, notAPartner.StatusCode);
        Assert.Equal("not_a_partner", (await notAPartner.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task a_new_account_gets_a_one_time_password_and_can_change_it()
    {
        var userName = $"member-{Guid.NewGuid():N}@example.org";
        var created = await (await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName, displayName = "Dr Test", roles = new[] { "member" },
        })).ReadAsync<JsonElement>();
        var oneTime = created.GetProperty("oneTimePassword").GetString()!;
        using var member = PlatformFixture.CreateClient(platform.App);
        await Accounts.SignInAsync(member, userName, oneTime);

        var changed = await member.SendJsonAsync(HttpMethod.Post, "/api/me/password", new { currentPassword = oneTime, newPassword = "my-own-long-password" });
        var duplicate = await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/accounts", new { userName = userName.ToUpperInvariant(), displayName = "Again", roles = new[] { "member" } });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        await Accounts.SignInAsync(member, userName, "my-own-long-password");
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.False(created.GetProperty("account").TryGetProperty("passwordHash", out _));
    }

    [Fact]
    public async Task a_refused_duplicate_account_leaves_no_row_in_the_event_store()
    {
        var userName = $"taken-{Guid.NewGuid():N}@example.org";
        (await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/accounts", new { userName, displayName = "First", roles = new[] { "member" } }))
            .EnsureSuccessStatusCode();
        await using var connection = new Npgsql.NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();
        await using var rows = new Npgsql.NpgsqlCommand("select count(*) from alfa.mt_events", connection);
        var before = (long)(await rows.ExecuteScalarAsync())!;

        var duplicate = await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/accounts", new { userName, displayName = "Second", roles = new[] { "member" } });

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal("duplicate", (await duplicate.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(before, (long)(await rows.ExecuteScalarAsync())!); // not even a tombstone of the refused append
    }
}
