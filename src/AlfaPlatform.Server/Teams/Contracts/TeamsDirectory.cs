using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;

namespace AlfaPlatform.Server.Teams.Contracts;

/// <summary>A team as other features may know it: its name, its organisation, whether archived.</summary>
public sealed record TeamEntry(Guid Id, Guid OrganisationId, string Name, bool IsArchived)
{
    public static TeamEntry From(Team team) => new(team.Id, team.OrganisationId, team.Name, team.IsArchived);
}

/// <summary>The teams' part of the directory other features read instead of the teams' records: today, or as of the end of a day.</summary>
public interface ITeamDirectory
{
    Task<TeamEntry?> FindAsync(Guid teamId, CancellationToken cancellationToken);

    /// <summary>The teams among <paramref name="ids"/> that exist (today, or as of <paramref name="asOf"/>), by id.</summary>
    Task<IReadOnlyDictionary<Guid, TeamEntry>> FindManyAsync(IEnumerable<Guid> ids, DateOnly? asOf, CancellationToken cancellationToken);
}

public sealed class TeamDirectory(IQuerySession session) : ITeamDirectory
{
    public async Task<TeamEntry?> FindAsync(Guid teamId, CancellationToken cancellationToken) =>
        await session.LoadAsync<StreamRecord<Team>>(teamId, cancellationToken) is { State: var team } ? TeamEntry.From(team) : null;

    public async Task<IReadOnlyDictionary<Guid, TeamEntry>> FindManyAsync(IEnumerable<Guid> ids, DateOnly? asOf, CancellationToken cancellationToken)
    {
        var distinct = ids.Distinct().ToArray();
        if (distinct.Length == 0)
        {
            return new Dictionary<Guid, TeamEntry>();
        }

        var records = asOf is { } day
            ? await StreamHistory.AsOfAsync<Team>(session, distinct, day, cancellationToken)
            : await session.LoadManyAsync<StreamRecord<Team>>(cancellationToken, distinct);
        return records.ToDictionary(r => r.Id, r => TeamEntry.From(r.State));
    }
}

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

    /// <summary>The active members of a team, or of every team of an organisation, teams not archived (who a routed request reaches).</summary>
    Task<IReadOnlyList<TeamMembership>> ActiveMembersOfTeamOrOrganisationAsync(Guid teamOrOrganisationId, CancellationToken cancellationToken);

    /// <summary>
    /// Every period <paramref name="personId"/> has spent in a team, archived teams included, with its dates and roles;
    /// on <paramref name="day"/>, the periods of that day in the role then held.
    /// </summary>
    Task<IReadOnlyList<TeamPeriod>> PeriodsOfAsync(Guid personId, DateOnly? day, CancellationToken cancellationToken);

    /// <summary>
    /// The people in teams not archived (of <paramref name="organisationId"/>, with <paramref name="focusArea"/>, if
    /// given) holding <paramref name="role"/> (any, if null): active today, or on <paramref name="day"/>.
    /// </summary>
    Task<IReadOnlyList<Guid>> PeopleOfTeamsAsync(Guid? organisationId, string? focusArea, TeamRole? role, DateOnly? day, CancellationToken cancellationToken);
}

/// <summary>One period of a person in a team (<see cref="Membership"/>: role, label, dates, roles held), with the team's name and organisation.</summary>
public sealed record TeamPeriod(Guid TeamId, string TeamName, Guid OrganisationId, Membership Membership);

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

    public async Task<IReadOnlyList<TeamMembership>> ActiveMembersOfTeamOrOrganisationAsync(Guid teamOrOrganisationId, CancellationToken cancellationToken)
    {
        var teams = await session.Query<StreamRecord<Team>>()
            .Where(t => !t.State.IsArchived && (t.Id == teamOrOrganisationId || t.State.OrganisationId == teamOrOrganisationId))
            .ToListAsync(cancellationToken);
        return [.. teams.SelectMany(t => t.State.ActiveMembers.Select(m => new TeamMembership(t.Id, t.State.OrganisationId, t.State.Name, m.PersonId, m.Role)))];
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

    public async Task<IReadOnlyList<TeamPeriod>> PeriodsOfAsync(Guid personId, DateOnly? day, CancellationToken cancellationToken)
    {
        var teams = await session.Query<StreamRecord<Team>>()
            .Where(t => t.State.Members.Any(m => m.PersonId == personId))
            .ToListAsync(cancellationToken);
        return [.. teams.SelectMany(t => (day is { } on ? t.State.RosterOn(on) : t.State.Members)
            .Where(m => m.PersonId == personId)
            .Select(m => new TeamPeriod(t.Id, t.State.Name, t.State.OrganisationId, m)))];
    }

    public async Task<IReadOnlyList<Guid>> PeopleOfTeamsAsync(
        Guid? organisationId, string? focusArea, TeamRole? role, DateOnly? day, CancellationToken cancellationToken)
    {
        var teams = session.Query<StreamRecord<Team>>().Where(t => !t.State.IsArchived);
        if (organisationId is { } organisation)
        {
            teams = teams.Where(t => t.State.OrganisationId == organisation);
        }

        var focus = focusArea?.Trim();
        return [.. (await teams.ToListAsync(cancellationToken))
            .Where(t => focus is null || t.State.FocusAreas.Contains(focus, StringComparer.OrdinalIgnoreCase))
            .SelectMany(t => day is { } on ? t.State.RosterOn(on) : t.State.ActiveMembers)
            .Where(m => role is null || m.Role == role)
            .Select(m => m.PersonId)
            .Distinct()];
    }
}
