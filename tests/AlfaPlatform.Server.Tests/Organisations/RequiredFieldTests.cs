using System.Net;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Organisations;

/// <summary>
/// A required value with no null to stand for "absent" (a choice, a date) is [JsonRequired] on the body record: left
/// out, it is a 400 naming it, never its type's default (Sme, 0001-01-01) taken for an answer.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class RequiredFieldTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("size", """{"reason": "grew"}""", "size")]
    [InlineData("network-membership/join", "{}", "on")]
    [InlineData("network-membership/leave", """{"reason": "merged"}""", "on")]
    [InlineData("capabilities", "{}", "capabilities")]
    public async Task a_required_field_left_out_is_400_naming_it_and_nothing_is_written(string change, string body, string field)
    {
        var company = await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany", size: "MidSize");
        var events = await platform.CountEventsAsync();
        var method = change == "size" ? HttpMethod.Put : HttpMethod.Post;

        var response = await platform.Client.SendRawAsync(method, $"/api/organisations/{company.Id}/{change}", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await response.ProblemAsync()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(events, await platform.CountEventsAsync());
    }
}
