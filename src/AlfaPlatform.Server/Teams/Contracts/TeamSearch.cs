using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Organisations.Contracts;
using AlfaPlatform.Server.Search.Contracts;
using Marten.Services.BatchQuerying;

namespace AlfaPlatform.Server.Teams.Contracts;

/// <summary>The teams' search entries, and the lines their members' entries hold of them (role, team, focus areas).</summary>
public static class TeamSearch
{
    public sealed record Indexed(IReadOnlyList<SearchEntry> Entries, IReadOnlyList<MembershipLineChange> Lines);

    /// <summary>
    /// The teams <paramref name="ids"/> and those of <paramref name="organisations"/>, once <paramref name="batch"/> has
    /// run; their entries need their homes, read in a later batch.
    /// </summary>
    public static async Task<Read> ReadAsync(IBatchedQuery batch, IReadOnlyCollection<Guid> ids, IReadOnlyCollection<Guid> organisations)
    {
        var changed = batch.LoadMany<StreamRecord<Team>>().ByIdList(ids);
        var ofOrganisations = organisations.Count == 0 ? Task.FromResult<IReadOnlyList<StreamRecord<Team>>>([])
            : batch.Query<StreamRecord<Team>>().Where(t => organisations.Contains(t.State.OrganisationId)).ToList();
        return new Read([.. (await changed).Concat(await ofOrganisations).DistinctBy(r => r.Id).Select(r => r.State)]);
    }

    /// <summary>Teams read for the index, waiting for their homes.</summary>
    public sealed class Read(IReadOnlyList<Team> teams)
    {
        public bool IsEmpty => teams.Count == 0;

        public IEnumerable<Guid> Homes => teams.Select(t => t.OrganisationId).Distinct();

        /// <summary>Everyone who was ever on these teams: their entries say which teams they are on now.</summary>
        public IEnumerable<Guid> Members => teams.SelectMany(t => t.Members).Select(m => m.PersonId).Distinct();

        public Indexed Entries(IReadOnlyDictionary<Guid, SearchHome> homes) => new(
            [.. teams.Select(team => Entry(team, homes.GetValueOrDefault(team.OrganisationId)))],
            [.. teams.SelectMany(team => team.Members.Select(m => new MembershipLineChange(m.PersonId, team.Id,
                m.LeftOn is null && !team.IsArchived ? Line(team, m, homes.GetValueOrDefault(team.OrganisationId)) : null)))]);
    }

    private static SearchEntry Entry(Team team, SearchHome? home) => new(
        SearchEntry.Key(SearchKinds.Team, team.Id), SearchKinds.Team, team.Id, team.Name,
        SearchEntry.Sentence([.. team.FocusAreas, home is null ? null : $"{home.Name} ({home.Acronym})", .. (home?.Capabilities ?? []).Select(CapabilityWords.Of)]),
        SearchEntry.Sentence(team.FocusAreas),
        team.IsArchived ? SearchAudience.Staff : SearchAudience.Network,
        team.OrganisationId);

    private static MembershipLine Line(Team team, Membership membership, SearchHome? home) => new(
        team.Id,
        string.Join(" · ", new[] { membership.RoleLabel ?? SearchEntry.Words(membership.Role), team.Name, home?.Acronym, string.Join(", ", team.FocusAreas) }
            .Where(p => !string.IsNullOrWhiteSpace(p))),
        string.Join(". ", team.FocusAreas));
}
