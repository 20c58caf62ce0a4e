using System.Globalization;
using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Organisations;

/// <summary>
/// Partner companies' names stay with staff and viewers, as in the dashboards: members find no partner company in the
/// directory (list, record, history, as of any date); a partner finds its own.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DirectoryVisibilityTests(PlatformFixture platform)
{
    [Fact]
    public async Task a_member_never_sees_a_partner_company_staff_and_viewers_do_and_the_partner_sees_its_own()
    {
        var company = await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        var institute = await platform.Client.RegisterOrganisationAsync(kind: "Institute");
        var member = await platform.SignInAsAsync(["member"]);
        var viewer = await platform.SignInAsAsync(["viewer"]);
        var partner = await platform.SignInAsAsync(["partner"], company.Id);
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var lists = new[] { $"/api/organisations?text={company.Acronym}", $"/api/organisations?text={company.Acronym}&kind=PartnerCompany", $"/api/organisations?text={company.Acronym}&asOf={today}" };
        var records = new[] { $"/api/organisations/{company.Id}", $"/api/organisations/{company.Id}?asOf={today}", $"/api/organisations/{company.Id}/history" };

        foreach (var list in lists)
        {
            var seen = await member.GetStringAsync(list);
            Assert.DoesNotContain(company.Name, seen);
            Assert.DoesNotContain(company.Acronym, seen);
            Assert.Contains(company.Name, await platform.Client.GetStringAsync(list));
            Assert.Contains(company.Name, await viewer.GetStringAsync(list));
        }

        Assert.Equal(0, (await (await member.GetAsync("/api/organisations?kind=PartnerCompany")).ReadAsync<JsonElement>()).GetProperty("total").GetInt32());
        Assert.Contains(institute.Name, await member.GetStringAsync($"/api/organisations?text={institute.Acronym}"));
        foreach (var record in records)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync(record)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await platform.Client.GetAsync(record)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync(record)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync(record)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/api/organisations/{institute.Id}")).StatusCode);
        var own = await (await partner.GetAsync("/api/organisations")).ReadAsync<JsonElement>();
        Assert.Equal([company.Name], own.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
    }
}
