using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Search.Contracts;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace AlfaPlatform.Server.Search;

/// <summary>A person's memberships as the search index last wrote them, team by team: what their entry says of their teams.</summary>
public sealed record SearchMemberships(Guid Id, IReadOnlyDictionary<Guid, MembershipLine> Teams);

/// <summary>
/// Keeps the search index (<see cref="SearchIndexSchema"/>) from the events, asynchronously: a batch's events name the
/// records that changed, and each is written again whole from its record as it now stands (the stream records the
/// events fold into, committed with them, so never behind the event read). A change reaches the entries that show
/// it: an organisation's name and capabilities its teams' entries, a team's name, roles and focus areas its members'.
/// A rebuild empties the table and replays every event.
/// </summary>
public sealed class SearchProjection(string schema) : IProjection, IDeclaresEvents
{
    public const string Name = "search";

    public static ProjectionEvents Events { get; } = new(
        reads: [typeof(OrganisationEvent), typeof(TeamEvent), typeof(PersonEvent), typeof(MeetingEvent), typeof(RequestEvent)],
        handled: [.. DomainEvents.Of<OrganisationEvent>(), .. DomainEvents.Of<TeamEvent>(), .. DomainEvents.Of<PersonEvent>(),
            .. DomainEvents.Of<MeetingEvent>(), .. DomainEvents.Of<RequestEvent>()],
        ignored: []);

    private readonly string _table = SearchIndexSchema.Table(schema);
    private readonly string _french = SearchIndexSchema.French(schema);
    private readonly string _english = SearchIndexSchema.English(schema);

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var changed = Events.Read(events);
        if (changed.Count == 0)
        {
            return;
        }

        Guid[] Streams<TEvent>() => [.. changed.Where(e => e.Data is TEvent).Select(e => e.StreamId).Distinct()];

        var organisations = (await operations.LoadManyAsync<StreamRecord<Organisation>>(cancellation, Streams<OrganisationEvent>()))
            .Select(r => r.State).ToList();
        foreach (var organisation in organisations)
        {
            Write(operations, SearchEntry.Of(organisation));
        }

        var teamIds = Streams<TeamEvent>().ToHashSet();
        if (organisations.Count > 0)
        {
            var homes = organisations.Select(o => o.Id).ToList();
            teamIds.UnionWith(await operations.Query<StreamRecord<Team>>().Where(t => homes.Contains(t.State.OrganisationId)).Select(t => t.Id)
                .ToListAsync(cancellation));
        }

        var rewritten = await IndexTeamsAsync(operations, teamIds, cancellation);
        await IndexPeopleAsync(operations, rewritten, [.. rewritten.Keys.Union(Streams<PersonEvent>())], cancellation);

        foreach (var meeting in await operations.LoadManyAsync<StreamRecord<Meeting>>(cancellation, Streams<MeetingEvent>()))
        {
            Write(operations, SearchEntry.Of(meeting.State));
            var sessions = meeting.State.Sessions.Select(s => SearchEntry.Key(SearchKinds.Session, s.Id)).ToArray();
            operations.QueueSqlCommand($"delete from {_table} where kind = ? and record_id = ? and not (id = any(?))",
                SearchKinds.Session, meeting.Id, sessions);
            foreach (var session in meeting.State.Sessions)
            {
                Write(operations, SearchEntry.Of(meeting.State, session));
            }
        }

        foreach (var request in await operations.LoadManyAsync<StreamRecord<CollaborationRequest>>(cancellation, Streams<RequestEvent>()))
        {
            Write(operations, SearchEntry.Of(request.State));
        }
    }

    /// <summary>Writes the teams' entries and their people's membership lines; returns those people's memberships as they now are.</summary>
    private async Task<Dictionary<Guid, SearchMemberships>> IndexTeamsAsync(IDocumentOperations operations, IReadOnlyCollection<Guid> teamIds, CancellationToken cancellation)
    {
        var teams = (await operations.LoadManyAsync<StreamRecord<Team>>(cancellation, teamIds)).Select(r => r.State).ToList();
        var homes = (await operations.LoadManyAsync<StreamRecord<Organisation>>(cancellation, teams.Select(t => t.OrganisationId).Distinct()))
            .ToDictionary(r => r.Id, r => r.State);
        var lines = teams.SelectMany(team => team.Members.Select(m => (m.PersonId, Team: team, Line: m.LeftOn is null && !team.IsArchived
            ? MembershipLine.Of(team, m, homes.GetValueOrDefault(team.OrganisationId))
            : null))).ToList();
        var known = (await operations.LoadManyAsync<SearchMemberships>(cancellation, lines.Select(l => l.PersonId).Distinct()))
            .ToDictionary(m => m.Id);
        foreach (var team in teams)
        {
            Write(operations, SearchEntry.Of(team, homes.GetValueOrDefault(team.OrganisationId)));
        }

        var rewritten = new Dictionary<Guid, SearchMemberships>();
        foreach (var person in lines.GroupBy(l => l.PersonId))
        {
            var memberships = new Dictionary<Guid, MembershipLine>(known.GetValueOrDefault(person.Key)?.Teams ?? new Dictionary<Guid, MembershipLine>());
            foreach (var (_, team, line) in person)
            {
                if (line is null)
                {
                    memberships.Remove(team.Id);
                }
                else
                {
                    memberships[team.Id] = line;
                }
            }

            rewritten[person.Key] = new SearchMemberships(person.Key, memberships);
            operations.Store(rewritten[person.Key]);
        }

        return rewritten;
    }

    private async Task IndexPeopleAsync(
        IDocumentOperations operations, Dictionary<Guid, SearchMemberships> memberships, IReadOnlyCollection<Guid> personIds, CancellationToken cancellation)
    {
        foreach (var stored in await operations.LoadManyAsync<SearchMemberships>(cancellation, personIds.Where(p => !memberships.ContainsKey(p))))
        {
            memberships[stored.Id] = stored;
        }

        foreach (var record in await operations.LoadManyAsync<StreamRecord<Person>>(cancellation, personIds))
        {
            if (record.State.IsErased)
            {
                operations.QueueSqlCommand($"delete from {_table} where id = ?", SearchEntry.Key(SearchKinds.Person, record.Id));
                continue;
            }

            Write(operations, SearchEntry.Of(record.State, [.. memberships.GetValueOrDefault(record.Id)?.Teams.Values ?? []]));
        }
    }

    private void Write(IDocumentOperations operations, SearchEntry entry) =>
        operations.QueueSqlCommand($"""
            insert into {_table} (id, kind, record_id, title, body, audience, organisation_id, targets, words, topics)
            values (?, ?, ?, ?, ?, ?, ?::uuid, ?::uuid[],
                setweight(to_tsvector('{_french}', ?), 'A') || setweight(to_tsvector('{_english}', ?), 'A')
                    || setweight(to_tsvector('{_french}', ?), 'B') || setweight(to_tsvector('{_english}', ?), 'B'),
                to_tsvector('{_french}', ?) || to_tsvector('{_english}', ?))
            on conflict (id) do update set kind = excluded.kind, record_id = excluded.record_id, title = excluded.title,
                body = excluded.body, audience = excluded.audience, organisation_id = excluded.organisation_id,
                targets = excluded.targets, words = excluded.words, topics = excluded.topics
            """,
            entry.Id, entry.Kind, entry.RecordId, entry.Title, entry.Body, entry.Audience,
            (object?)entry.OrganisationId ?? DBNull.Value, (object?)entry.Targets?.ToArray() ?? DBNull.Value,
            entry.Title, entry.Title, entry.Body, entry.Body, entry.Topics, entry.Topics);
}
