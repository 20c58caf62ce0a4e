using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Collaborations.Contracts;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Meetings.Contracts;
using AlfaPlatform.Server.Organisations.Contracts;
using AlfaPlatform.Server.People.Contracts;
using AlfaPlatform.Server.Search.Contracts;
using AlfaPlatform.Server.Teams.Contracts;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace AlfaPlatform.Server.Search;

/// <summary>Records whose search entries are written again, by kind.</summary>
public sealed record IndexedRecords(
    IReadOnlyCollection<Guid> Organisations, IReadOnlyCollection<Guid> Teams, IReadOnlyCollection<Guid> People,
    IReadOnlyCollection<Guid> Meetings, IReadOnlyCollection<Guid> Requests)
{
    /// <summary>Organisations whose name or capabilities changed: their teams' entries name them.</summary>
    public IReadOnlyCollection<Guid> HomesChanged { get; init; } = [];

    /// <summary>
    /// Whether the teams' members' entries are written too, as their lines of the teams may have changed. A rebuild
    /// writes every team first and every person after, once each.
    /// </summary>
    public bool MembersToo { get; init; } = true;
}

/// <summary>A person's memberships as the search index last wrote them, team by team: what their entry says of their teams.</summary>
public sealed record SearchMemberships(Guid Id, IReadOnlyDictionary<Guid, MembershipLine> Teams);

/// <summary>
/// Keeps the search index (<see cref="SearchIndexSchema"/>) from the events, asynchronously: a batch's events name the
/// records that changed, and each is written again whole as its feature words it now (each feature publishes its
/// entries in its contracts, read from its records, which commit with the events, so never behind the event read).
/// A change reaches the entries that show it: an organisation's name and capabilities its teams' entries, a team's
/// name, roles and focus areas its members'. A rebuild writes every record's entry once (<see cref="SearchIndexRebuild"/>).
/// </summary>
public sealed class SearchProjection(string schema) : IProjection, IDeclaresEvents
{
    public const string Name = SearchIndexProjection.Name;

    /// <summary>
    /// A registration (the hot path of a meeting: hundreds at once) changes nothing an entry says, nor who finds it:
    /// those events are ignored rather than rewriting the meeting and its sessions each time.
    /// </summary>
    private static readonly Type[] Registrations =
    [
        typeof(RegistrationsOpened), typeof(RegistrationsClosed), typeof(RegistrationRequested), typeof(RegistrantRegistered),
        typeof(RegistrantWaitlisted), typeof(RegistrationApproved), typeof(RegistrationDeclined), typeof(RegistrationCancelled),
        typeof(PromotedFromWaitingList), typeof(RegistrantCheckedIn),
    ];

    public static ProjectionEvents Events { get; } = new(
        reads: [typeof(OrganisationEvent), typeof(TeamEvent), typeof(PersonEvent), typeof(MeetingEvent), typeof(RequestEvent)],
        handled: [.. DomainEvents.Of<OrganisationEvent>().Except(OrganisationSearch.NotShown), .. DomainEvents.Of<TeamEvent>(), .. DomainEvents.Of<PersonEvent>(),
            .. DomainEvents.Of<MeetingEvent>().Except(Registrations), .. DomainEvents.Of<RequestEvent>()],
        ignored: [.. Registrations, .. OrganisationSearch.NotShown]);

    private readonly string _table = SearchIndexSchema.Table(schema);
    private readonly string _words = SearchIndexSchema.Words(schema, "title", "body");
    private readonly string _topics = $"to_tsvector('{SearchIndexSchema.French(schema)}', topics) || to_tsvector('{SearchIndexSchema.English(schema)}', topics)";

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var changed = Events.HandledIn(events);
        if (changed.Count == 0)
        {
            return Task.CompletedTask;
        }

        Guid[] Streams<TEvent>() => [.. changed.Where(e => e.Data is TEvent).Select(e => e.StreamId).Distinct()];
        var records = new IndexedRecords(
            Streams<OrganisationEvent>(), Streams<TeamEvent>(), Streams<PersonEvent>(), Streams<MeetingEvent>(), Streams<RequestEvent>())
        {
            HomesChanged = [.. changed.Where(e => e.Data is OrganisationEvent o && OrganisationSearch.ChangesHome(o)).Select(e => e.StreamId).Distinct()],
        };
        return WriteAsync(operations, records, cancellation);
    }

    /// <summary>
    /// Writes the entries of <paramref name="records"/> again, whole, from the records as they are now: what a batch of
    /// events changed, or (<see cref="SearchIndexRebuild"/>) every record in turn.
    /// </summary>
    public async Task WriteAsync(IDocumentOperations operations, IndexedRecords records, CancellationToken cancellation)
    {
        // The records are read in two round trips, not one per kind. An organisation's name and capabilities are in its
        // teams' entries, a team's in its members'.
        var first = operations.CreateBatchQuery();
        var organisations = OrganisationSearch.EntriesAsync(first, records.Organisations);
        var teamsRead = TeamSearch.ReadAsync(first, records.Teams, records.HomesChanged);
        var meetings = MeetingSearch.EntriesAsync(first, records.Meetings);
        var requests = RequestSearch.EntriesAsync(first, records.Requests);
        await first.Execute(cancellation);

        Write(operations, await organisations);
        foreach (var (meeting, entries) in await meetings)
        {
            operations.QueueSqlCommand($"delete from {_table} where kind = ? and record_id = ? and not (id = any(?))",
                SearchKinds.Session, meeting, entries.Select(e => e.Id).ToArray());
            Write(operations, entries);
        }

        Write(operations, await requests);

        var teams = await teamsRead;
        Guid[] members = [.. teams.Members];
        Guid[] people = records.MembersToo ? [.. members.Union(records.People)] : [.. records.People];
        if (teams.IsEmpty && people.Length == 0)
        {
            return; // no second round trip for a batch that changed no team and no person
        }

        Guid[] withMemberships = [.. members.Union(people)]; // whose lines a team may change, and whose entries are written
        var second = operations.CreateBatchQuery();
        var homes = OrganisationSearch.HomesAsync(second, teams.Homes);
        var membershipsRead = second.LoadMany<SearchMemberships>().ByIdList(withMemberships);
        var peopleRead = PersonSearch.ReadAsync(second, people);
        await second.Execute(cancellation);

        var teamEntries = teams.Entries(await homes);
        Write(operations, teamEntries.Entries);
        var memberships = Memberships(operations, await membershipsRead, teamEntries.Lines, withMemberships);
        var (personEntries, erased) = (await peopleRead).Entries(person =>
            [.. memberships[person].Teams.Values.OrderBy(l => l.Text, StringComparer.Ordinal).ThenBy(l => l.TeamId)]); // the same text however the lines came
        Write(operations, personEntries);
        foreach (var key in erased)
        {
            operations.QueueSqlCommand($"delete from {_table} where id = ?", key);
        }
    }

    /// <summary>
    /// The memberships of <paramref name="people"/> (the teams' members and the people changed themselves) as
    /// <paramref name="stored"/>, with the teams' new lines applied; the changed ones are stored for later batches.
    /// </summary>
    private static Dictionary<Guid, SearchMemberships> Memberships(
        IDocumentOperations operations, IReadOnlyList<SearchMemberships> stored, IReadOnlyList<MembershipLineChange> lines, IEnumerable<Guid> people)
    {
        var memberships = stored.ToDictionary(m => m.Id);
        foreach (var person in people.Where(p => !memberships.ContainsKey(p)))
        {
            memberships[person] = new SearchMemberships(person, new Dictionary<Guid, MembershipLine>());
        }

        foreach (var person in lines.GroupBy(l => l.PersonId))
        {
            var teams = new Dictionary<Guid, MembershipLine>(memberships[person.Key].Teams);
            foreach (var change in person)
            {
                if (change.Line is { } line)
                {
                    teams[change.TeamId] = line;
                }
                else
                {
                    teams.Remove(change.TeamId);
                }
            }

            memberships[person.Key] = new SearchMemberships(person.Key, teams);
            operations.Store(memberships[person.Key]);
        }

        return memberships;
    }

    /// <summary>
    /// Entries in one statement (a statement per entry made search the last projection to finish a rebuild). Each is
    /// written whole: a later batch that changes a record writes its entry again.
    /// </summary>
    private void Write(IDocumentOperations operations, IEnumerable<SearchEntry> entries)
    {
        var rows = entries.GroupBy(e => e.Id).Select(same => same.Last()).ToList(); // one statement may change a row once
        if (rows.Count == 0)
        {
            return;
        }

        operations.QueueSqlCommand($"""
            insert into {_table} (id, kind, record_id, title, body, audience, organisation_id, targets, words, topics)
            select id, kind, record_id, title, body, audience, organisation_id, targets::uuid[], {_words}, {_topics}
            from unnest(?::text[], ?::text[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::uuid[], ?::text[], ?::text[])
                r(id, kind, record_id, title, body, audience, organisation_id, targets, topics)
            on conflict (id) do update set kind = excluded.kind, record_id = excluded.record_id, title = excluded.title,
                body = excluded.body, audience = excluded.audience, organisation_id = excluded.organisation_id,
                targets = excluded.targets, words = excluded.words, topics = excluded.topics
            """,
            rows.Select(e => e.Id).ToArray(), rows.Select(e => e.Kind).ToArray(), rows.Select(e => e.RecordId).ToArray(),
            rows.Select(e => e.Title).ToArray(), rows.Select(e => e.Body).ToArray(), rows.Select(e => e.Audience).ToArray(),
            rows.Select(e => e.OrganisationId).ToArray(),
            rows.Select(e => e.Targets is { } targets ? $"{{{string.Join(',', targets)}}}" : null).ToArray(), // an array literal per row
            rows.Select(e => e.Topics).ToArray());
    }
}
