using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;
using Marten.Events;
using Npgsql;
using Weasel.Core;

namespace AlfaPlatform.Server.Dashboards;

/// <summary>
/// Rebuilds the activity feed without the daemon's replay. An entry is a row per event, made of the event's type
/// (<see cref="ActivityProjection.EntryKinds"/>), one of its members and its record's partner company: PostgreSQL
/// writes them from the stored events, a range of sequences per statement, where a replay loaded and deserialised
/// every event to send its row back. Only the events that create a request or an organisation are read here, for
/// the records' partner companies (<see cref="ActivityProjection.FactsOf"/>).
/// </summary>
public sealed class ActivityFeedRebuild(IDocumentStore store, NpgsqlDataSource database) : IRebuiltWithoutReplay
{
    /// <summary>Sequences per statement: each statement stays well inside the command timeout however long the history.</summary>
    private const long Range = 200_000;

    public string Projection => DashboardProjections.Activity;

    public async Task RebuildAsync(long highWaterMark, CancellationToken cancellationToken)
    {
        var facts = await RecordFactsAsync(highWaterMark, cancellationToken);
        var feed = ActivityFeedSchema.Table(store.Options.DatabaseSchemaName);
        await RebuiltTables.EmptyAsync(database, [feed, RebuiltTables.Of<ActivityRecordFacts>(store)], cancellationToken);

        await store.BulkInsertAsync(facts, BulkInsertMode.InsertsOnly, cancellation: cancellationToken);

        var events = (EventGraph)store.Options.Events;
        var kinds = ActivityProjection.EntryKinds.ToArray();
        await using var write = database.CreateCommand(
            $"insert into {feed} (sequence, at, record, record_id, event, subject_id, partner_organisation_id, network_only) " +
            "select e.seq_id, e.timestamp, k.record, e.stream_id, k.event, (e.data ->> k.subject)::uuid, p.partner, k.network_only " +
            $"from {events.DatabaseSchemaName}.mt_events e " +
            "join unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::text[]) k(type, record, event, network_only, subject) on k.type = e.type " +
            "left join unnest($6::uuid[], $7::uuid[]) p(stream_id, partner) on p.stream_id = e.stream_id " +
            "where e.seq_id > $8 and e.seq_id <= $9 " +
            "on conflict (sequence) do nothing");
        var json = store.Options.Serializer();
        foreach (var value in new object[]
        {
            kinds.Select(k => events.EventMappingFor(k.Key).EventTypeName).ToArray(), kinds.Select(k => k.Value.Record).ToArray(),
            kinds.Select(k => k.Value.Event).ToArray(), kinds.Select(k => k.Value.NetworkOnly).ToArray(),
            kinds.Select(k => k.Value.Subject is { } subject ? JsonName(subject.Member, json.Casing) : null).ToArray(),
            facts.Select(f => f.Id).ToArray(), facts.Select(f => f.PartnerOrganisationId).ToArray(), 0L, 0L,
        })
        {
            write.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        for (var from = 0L; from < highWaterMark; from += Range)
        {
            write.Parameters[7].Value = from;
            write.Parameters[8].Value = Math.Min(from + Range, highWaterMark);
            await write.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Every request's and partner company's partner, from the events that created them up to the mark.</summary>
    private async Task<ActivityRecordFacts[]> RecordFactsAsync(long highWaterMark, CancellationToken cancellationToken)
    {
        var created = await new StoredEventReader(store, [typeof(RequestDrafted), typeof(OrganisationRegistered)])
            .ReadAsync(database, after: 0, highWaterMark, cancellationToken);
        return [.. created.Select(ActivityProjection.FactsOf).OfType<ActivityRecordFacts>()];
    }

    /// <summary>A member's name in the stored events' JSON.</summary>
    private static string JsonName(string member, Casing casing) => casing switch
    {
        Casing.CamelCase => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(member),
        Casing.SnakeCase => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(member),
        _ => member,
    };
}
