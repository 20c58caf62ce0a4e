using System.Net;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Organisations;
using AlfaPlatform.Server.Tests.Fixtures;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Server.Tests.Organisations;

/// <summary>The grain is the single writer, but never the only guard: a second writer is detected, never overwritten.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OrganisationGrainTests(PlatformFixture platform)
{
    [Fact]
    public async Task a_grain_whose_stream_moved_underneath_it_reloads_decides_again_and_loses_nothing()
    {
        var id = Guid.NewGuid();
        var grain = platform.Grains.GetGrain<IOrganisationGrain>(id);
        var acronym = "GR" + id.ToString("N")[..8];
        await grain.ExecuteAsync(new RegisterOrganisation("Grain test", acronym, OrganisationKind.ResearchTeam, null, "FR", [], null), null);

        // Another writer (a second activation during a failover, say) appends behind the grain's back.
        var store = platform.App.Services.GetRequiredService<EventStore>();
        var (state, version, _) = await store.LoadAsync<Organisation>(id);
        var declared = new CapabilityDeclared(Capability.Diagnostics);
        await store.AppendAsync(id, version, [declared], state, Organisation.Evolve(state, declared), new CommandContext("other", "c", "c"));

        var result = await grain.ExecuteAsync(new DeclareCapabilities([Capability.ClinicalTrials, Capability.Diagnostics]), null);

        Assert.True(result.IsAccepted);
        Assert.Equal(3, result.Version);
        await using var session = platform.Store.QuerySession();
        var events = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).ToList();
        Assert.Equal(3, events.Count);
        Assert.Equal(new CapabilityDeclared(Capability.Diagnostics), events[1]);
        // Decided against the reloaded state: Diagnostics was already there, so only ClinicalTrials is new.
        Assert.Equal(new CapabilityDeclared(Capability.ClinicalTrials), events[2]);
    }

    [Fact]
    public async Task a_caller_expecting_a_version_the_grain_has_not_seen_yet_is_served_after_a_reload()
    {
        var id = Guid.NewGuid();
        var grain = platform.Grains.GetGrain<IOrganisationGrain>(id);
        await grain.ExecuteAsync(new RegisterOrganisation("Grain test", "GV" + id.ToString("N")[..8], OrganisationKind.ResearchTeam, null, "FR", [], null), null);
        var store = platform.App.Services.GetRequiredService<EventStore>();
        var (state, _, _) = await store.LoadAsync<Organisation>(id);
        var joined = new OrganisationJoinedNetwork(new DateOnly(2024, 1, 1));
        await store.AppendAsync(id, 1, [joined], state, Organisation.Evolve(state, joined), new CommandContext("other", "c", "c"));

        var result = await grain.ExecuteAsync(new ArchiveOrganisation("done"), expectedVersion: 2);
        var stale = await grain.ExecuteAsync(new ArchiveOrganisation("again"), expectedVersion: 2);

        Assert.True(result.IsAccepted);
        Assert.Equal(3, result.Version);
        Assert.Equal(RejectionKind.PreconditionFailed, stale.Rejection?.Kind);
    }

    [Fact]
    public async Task concurrent_updates_with_the_same_if_match_let_exactly_one_through()
    {
        var organisation = await platform.Client.RegisterOrganisationAsync();
        var url = $"/api/organisations/{organisation.Id}/profile";

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            platform.Client.SendJsonAsync(HttpMethod.Put, url, new { name = $"Writer {i}", acronym = organisation.Acronym, country = "FR" }, ifMatch: "\"1\"")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        var current = await (await platform.Client.GetAsync($"/api/organisations/{organisation.Id}")).ReadAsync<OrganisationResponse>();
        Assert.Equal(2, current.Version);
    }
}
