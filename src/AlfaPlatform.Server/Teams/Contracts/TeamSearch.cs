using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Organisations.Contracts;
using AlfaPlatform.Server.Search.Contracts;
using Marten;

namespace AlfaPlatform.Server.Teams.Contracts;

/// <summary>The teams' search entries, and the lines their members' entries hold of them (role, team, focus areas).</summary>
public static class TeamSearch
{
    public sealed record Indexed(IReadOnlyList<SearchEntry> Entries, IReadOnlyList<MembershipLineChange> Lines);

    public static async Task<IReadOnlyList<Guid>> TeamsOfOrganisationsAsync(IQuerySession session, IReadOnlyCollection<Guid> organisations, CancellationToken cancellationToken) =>
        organisations.Count == 0 ? []
        : await session.Query<StreamRecord<Team>>().Where(t => organisations.Contains(t.State.OrganisationId)).Select(t => t.Id).ToListAsync(cancellationToken);

    public static async Task<Indexed> EntriesAsync(IQuerySession session, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var teams = (await session.LoadManyAsync<StreamRecord<Team>>(cancellationToken, ids)).Select(r => r.State).ToList();
        var homes = await OrganisationSearch.HomesAsync(session, teams.Select(t => t.OrganisationId), cancellationToken);
        var entries = teams.Select(team => Entry(team, homes.GetValueOrDefault(team.OrganisationId))).ToList();
        var lines = teams.SelectMany(team => team.Members.Select(m => new MembershipLineChange(m.PersonId, team.Id,
            m.LeftOn is null && !team.IsArchived ? Line(team, m, homes.GetValueOrDefault(team.OrganisationId)) : null))).ToList();
        return new Indexed(entries, lines);
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
