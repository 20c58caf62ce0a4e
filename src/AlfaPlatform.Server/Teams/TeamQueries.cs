using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.People.Contracts;

namespace AlfaPlatform.Server.Teams;

public sealed record TeamResponse(
    Guid Id, long Version, Guid OrganisationId, string Name, IReadOnlyList<string> FocusAreas, Guid? Lead, int ActiveMembers,
    bool IsArchived, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static TeamResponse From(StreamRecord<Team> record) => new(
        record.Id, record.Version, record.State.OrganisationId, record.State.Name, record.State.FocusAreas, record.State.Lead?.PersonId,
        record.State.ActiveMembers.Count(), record.State.IsArchived, record.CreatedAt, record.UpdatedAt);
}

/// <summary>One membership as a roster shows it, with the person's name (or "erased person").</summary>
public sealed record MemberResponse(
    Guid PersonId, string Name, TeamRole Role, string? RoleLabel, DateOnly JoinedOn, DateOnly? LeftOn, IReadOnlyList<RolePeriod> Roles);

/// <summary>A team's roster: every membership it ever had, or, as of a date, who was in it that day.</summary>
public sealed record RosterResponse(Guid TeamId, string TeamName, DateOnly? AsOf, IReadOnlyList<MemberResponse> Members);

public static class FindTeams
{
    public sealed record Query(Guid? OrganisationId = null, bool IncludeArchived = false, DateOnly? AsOf = null) : IQuery<IReadOnlyList<TeamResponse>>;

    public sealed class Validator : AsOfValidator<Query>
    {
        public Validator(TimeProvider clock) : base(clock, x => x.AsOf)
        {
        }
    }

    public sealed class Handler(IQuerySession session) : IQueryHandler<Query, IReadOnlyList<TeamResponse>>
    {
        public async ValueTask<IReadOnlyList<TeamResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (query.AsOf is { } asOf)
            {
                return [.. (await StreamHistory.AllAsOfAsync<Team>(session, asOf, cancellationToken))
                    .Where(t => (query.OrganisationId is null || t.State.OrganisationId == query.OrganisationId) && (query.IncludeArchived || !t.State.IsArchived))
                    .OrderBy(t => t.State.Name, StringComparer.Ordinal)
                    .Select(TeamResponse.From)];
            }

            var teams = session.Query<StreamRecord<Team>>().AsQueryable();
            if (query.OrganisationId is { } organisation)
            {
                teams = teams.Where(t => t.State.OrganisationId == organisation);
            }

            if (!query.IncludeArchived)
            {
                teams = teams.Where(t => !t.State.IsArchived);
            }

            return [.. (await teams.OrderBy(t => t.State.Name).ToListAsync(cancellationToken)).Select(TeamResponse.From)];
        }
    }
}

public static class GetTeam
{
    public sealed record Query(Guid TeamId, DateOnly? AsOf = null) : IQuery<TeamResponse?>;

    public sealed class Validator : AsOfValidator<Query>
    {
        public Validator(TimeProvider clock) : base(clock, x => x.AsOf)
        {
        }
    }

    public sealed class Handler(IQuerySession session) : IQueryHandler<Query, TeamResponse?>
    {
        public async ValueTask<TeamResponse?> Handle(Query query, CancellationToken cancellationToken)
        {
            var record = query.AsOf is { } asOf
                ? await StreamHistory.AsOfAsync<Team>(session, query.TeamId, asOf, cancellationToken)
                : await session.LoadAsync<StreamRecord<Team>>(query.TeamId, cancellationToken);
            return record is null ? null : TeamResponse.From(record);
        }
    }
}

public static class GetTeamHistory
{
    public sealed record Query(Guid TeamId) : IQuery<IReadOnlyList<HistoryEntry>?>;

    public sealed class Handler(IQuerySession session, IOptions<JsonOptions> json) : IQueryHandler<Query, IReadOnlyList<HistoryEntry>?>
    {
        public async ValueTask<IReadOnlyList<HistoryEntry>?> Handle(Query query, CancellationToken cancellationToken) =>
            await StreamHistory.HistoryAsync<Team>(session, query.TeamId, json.Value.SerializerOptions, cancellationToken);
    }
}

/// <summary>
/// The roster. As of a date it reads the membership dates (who was in the team that day, in which role), as the
/// platform knows them now: a membership recorded late still counts from the day it began.
/// </summary>
public static class GetRoster
{
    public sealed record Query(Guid TeamId, DateOnly? AsOf = null) : IQuery<RosterResponse?>;

    public sealed class Validator : AsOfValidator<Query>
    {
        public Validator(TimeProvider clock) : base(clock, x => x.AsOf)
        {
        }
    }

    public sealed class Handler(IQuerySession session) : IQueryHandler<Query, RosterResponse?>
    {
        public async ValueTask<RosterResponse?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await session.LoadAsync<StreamRecord<Team>>(query.TeamId, cancellationToken) is not { State: var team })
            {
                return null;
            }

            var memberships = (query.AsOf is { } asOf ? team.RosterOn(asOf) : team.Members)
                .OrderBy(m => m.JoinedOn).ThenBy(m => m.PersonId).ToList();
            var names = await PeopleNames.LoadAsync(session, memberships.Select(m => m.PersonId), cancellationToken);
            return new RosterResponse(team.Id, team.Name, query.AsOf, [.. memberships.Select(m => new MemberResponse(
                m.PersonId, names.GetValueOrDefault(m.PersonId, PeopleNames.Unknown), m.Role, m.RoleLabel, m.JoinedOn, m.LeftOn, m.Roles))]);
        }
    }
}

internal static class PeopleNames
{
    public const string Unknown = "unknown person";

    public static async Task<Dictionary<Guid, string>> LoadAsync(IQuerySession session, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var people = await new PeopleDirectory(session).FindManyAsync(ids, asOf: null, cancellationToken);
        return people.Values.ToDictionary(p => p.Id, p => p.DisplayName);
    }
}
