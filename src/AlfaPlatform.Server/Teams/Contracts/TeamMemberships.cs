using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;

namespace AlfaPlatform.Server.Teams.Contracts;

/// <summary>One person in one team: the published face of a roster line (no reasons, no history).</summary>
public sealed record TeamMembership(Guid TeamId, Guid OrganisationId, string TeamName, Guid PersonId, TeamRole Role);

/// <summary>
/// The memberships contract other features read instead of the teams' records: a person's teams and a team's
/// people, today (active members of teams not archived) or on a date.
/// </summary>
public interface ITeamMemberships
{
    /// <summary>The teams (not archived) <paramref name="personId"/> is an active member of today.</summary>
    Task<IReadOnlyList<TeamMembership>> ActiveTeamsOfAsync(Guid personId, CancellationToken cancellationToken);

    /// <summary>The people of <paramref name="teamId"/>: active today, or on <paramref name="day"/> in the role held that day (empty for an unknown team).</summary>
    Task<IReadOnlyList<TeamMembership>> PeopleOfAsync(Guid teamId, DateOnly? day, CancellationToken cancellationToken);
}

public sealed class TeamMemberships(IQuerySession session) : ITeamMemberships
{
    public async Task<IReadOnlyList<TeamMembership>> ActiveTeamsOfAsync(Guid personId, CancellationToken cancellationToken)
    {
        var teams = await session.Query<StreamRecord<Team>>().Where(t => !t.State.IsArchived).ToListAsync(cancellationToken);
        return [.. teams
            .Select(t => (Team: t.State, Membership: t.State.ActiveMembership(personId)))
            .Where(t => t.Membership is not null)
            .Select(t => new TeamMembership(t.Team.Id, t.Team.OrganisationId, t.Team.Name, personId, t.Membership!.Role))];
    }

    public async Task<IReadOnlyList<TeamMembership>> PeopleOfAsync(Guid teamId, DateOnly? day, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<StreamRecord<Team>>(teamId, cancellationToken) is not { State: var team })
        {
            return [];
        }

        return [.. (day is { } date ? team.RosterOn(date) : team.ActiveMembers)
            .Select(m => new TeamMembership(team.Id, team.OrganisationId, team.Name, m.PersonId, m.Role))];
    }
}
