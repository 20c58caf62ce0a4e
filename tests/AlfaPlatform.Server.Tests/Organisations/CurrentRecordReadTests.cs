using System.Net;
using AlfaPlatform.Server.Organisations;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Organisations;

/// <summary>A read of one organisation is answered by its grain, which holds the record (ADR 0002's amendment).</summary>
[Collection(PlatformCollection.Name)]
public sealed class CurrentRecordReadTests(PlatformFixture platform)
{
    [Fact]
    public async Task a_read_of_an_id_with_no_record_is_a_404_and_leaves_no_activation_behind()
    {
        var unknown = Guid.NewGuid();

        var response = await platform.Client.GetAsync($"/api/organisations/{unknown}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await GoneAsync(unknown);
    }

    [Fact]
    public async Task a_read_of_an_organisation_keeps_its_grain_active_and_answers_its_latest_change()
    {
        var organisation = await platform.Client.RegisterOrganisationAsync();
        await platform.Client.SendJsonAsync(HttpMethod.Put, $"/api/organisations/{organisation.Id}/profile", new
        {
            name = "Renamed by the read test", acronym = organisation.Acronym, country = "FR",
        }).ExpectAsync(HttpStatusCode.OK);

        var read = await platform.Client.GetAsync($"/api/organisations/{organisation.Id}");

        Assert.Equal("\"2\"", read.Headers.ETag?.Tag);
        Assert.Equal("Renamed by the read test", (await read.ReadAsync<OrganisationResponse>()).Name);
        var unknown = Guid.NewGuid(); // read after it, and let go: the organisation's grain had as long to go too
        await platform.Client.GetAsync($"/api/organisations/{unknown}");
        await GoneAsync(unknown);
        Assert.True(await IsActiveAsync(organisation.Id));
    }

    private async Task GoneAsync(Guid organisationId)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (await IsActiveAsync(organisationId))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the read left the grain of an unknown id active for 10 s");
            await Task.Delay(50);
        }
    }

    private async Task<bool> IsActiveAsync(Guid organisationId)
    {
        var type = platform.Grains.GetGrain<IOrganisationGrain>(organisationId).GetGrainId().Type;
        var active = await platform.Grains.GetGrain<IManagementGrain>(0).GetActiveGrains(type);
        return active.Any(grain => grain.GetGuidKey() == organisationId);
    }
}
