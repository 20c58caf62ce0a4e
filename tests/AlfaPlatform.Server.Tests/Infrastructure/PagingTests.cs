using System.Net;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>Every paged list shares one rule for its page number: a page far past the end is refused, never wrapped round.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PagingTests(PlatformFixture platform)
{
    public static TheoryData<string> Lists() =>
        ["/api/collaborations", "/api/meetings", "/api/organisations", "/api/partner-applications", "/api/me/notifications", "/api/audit"];

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task a_page_number_whose_offset_would_overflow_is_refused_naming_the_page(string list)
    {
        var response = await platform.Client.GetAsync($"{list}?page={int.MaxValue}&pageSize=200");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("page", out _), await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task the_last_page_number_allowed_answers_an_empty_page(string list)
    {
        var response = await platform.Client.GetAsync($"{list}?page=100000&pageSize=200");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await response.ReadAsync<System.Text.Json.JsonElement>()).GetProperty("items").EnumerateArray());
    }
}
