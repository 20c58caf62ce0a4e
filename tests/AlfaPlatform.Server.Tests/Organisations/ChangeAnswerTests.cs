using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Organisations;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Organisations;

/// <summary>A change answers with the record its grain holds: the same, to the tick, as a fold of the stored events.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ChangeAnswerTests(PlatformFixture platform)
{
    [Fact]
    public async Task a_change_answers_the_record_a_fold_of_its_stored_events_gives_so_a_reloaded_grain_answers_alike()
    {
        var client = platform.Client;
        var organisation = await client.RegisterOrganisationAsync();

        var response = await client.SendJsonAsync(HttpMethod.Post, $"/api/organisations/{organisation.Id}/capabilities", new { capabilities = new[] { "Diagnostics" } });

        var answered = await response.ReadAsync<OrganisationResponse>();
        await using var session = platform.Store.QuerySession();
        var folded = StreamRecord<Organisation>.Fold(organisation.Id, await session.Events.FetchStreamAsync(organisation.Id));
        Assert.NotNull(folded);
        Assert.Equal(folded.Version, answered.Version);
        // PostgreSQL keeps microseconds: an instant finer than that would be answered now and cut after a reload.
        Assert.Equal(folded.CreatedAt, answered.RegisteredAt);
        Assert.Equal(folded.UpdatedAt, answered.UpdatedAt);
        Assert.Equal(organisation.RegisteredAt, answered.RegisteredAt);
    }
}
