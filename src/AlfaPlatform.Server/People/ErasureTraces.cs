using System.Text.Json;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.People.Contracts;
using JasperFx.Events.Protected;
using Marten;

namespace AlfaPlatform.Server.People;

/// <summary>
/// What a person or a partner contact left outside their own records (ADR 0008): their name in meeting
/// registrations and conversation messages, in stored answers of keyed writes, and what the features'
/// <see cref="IErasureParticipant"/>s remove (their account, the confidential-access log, email deliveries). The documents are changed first and the events masked last, so that an
/// interrupted erasure, repeated, still finds in the events what spells the person out.
/// </summary>
public sealed class ErasureTraces(IDocumentStore store, IGrainFactory grains, IEnumerable<IErasureParticipant> participants) : IPartyErasure
{
    /// <summary>
    /// The shared end of every erasure, in its order: the participants' documents (the party's account, access log,
    /// email deliveries) and the stored answers, in <paramref name="session"/>'s one transaction with whatever the
    /// caller queued there; then the events: the streams <paramref name="own"/> names, the account's (its opening held
    /// the user name) and what <see cref="MaskEventsAsync"/> finds elsewhere; last, what the participants derive
    /// asynchronously from the records. Idempotent.
    /// </summary>
    public async Task EraseAsync(
        IDocumentSession session, ErasedParty party, Action<IEventDataMasking> own, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var participant in participants)
        {
            await participant.RemoveFromDocumentsAsync(session, party, cancellationToken);
        }

        DeleteStoredAnswersHolding(session, party.Spellings);
        await session.SaveChangesAsync(cancellationToken);
        await MaskEventsAsync(store, grains, party, masking =>
        {
            own(masking);
            if (party.AccountId is { } opened)
            {
                masking.IncludeStream(opened);
            }
        }, now, cancellationToken);
        foreach (var participant in participants)
        {
            await participant.AfterEventsMaskedAsync(party, cancellationToken);
        }
    }

    /// <summary>
    /// Stored answers of keyed writes (<see cref="IdempotentRequest"/>) that spell the person out are deleted: a retry
    /// with such a key runs again and, its write recorded with the key, is answered as done without writing (ADR 0011). Each value is looked for as written and as JSON escapes it ("+" in a phone).
    /// </summary>
    private static void DeleteStoredAnswersHolding(IDocumentSession session, IEnumerable<string> spellings)
    {
        foreach (var spelling in spellings.SelectMany(s => new[] { s, JsonEncodedText.Encode(s).ToString() }).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            session.DeleteWhere<IdempotentRequest>(r => r.Body != null && r.Body.Contains(spelling, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>
    /// The events: masks the person's own (chosen by <paramref name="own"/>), their meeting registrations and their
    /// messages, then refolds the meetings' and requests' records from the masked events and removes their past days;
    /// idempotent.
    /// </summary>
    private static async Task MaskEventsAsync(
        IDocumentStore store, IGrainFactory grains, ErasedParty party, Action<IEventDataMasking> own, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        var actorId = party.AccountId?.ToString();
        List<Guid> meetings, requests;
        await using (var session = store.QuerySession())
        {
            meetings = [.. await session.AdvancedSql.QueryAsync<Guid>(
                $"select distinct stream_id from {schema}.mt_events where data -> 'registrant' ->> 'id' = any(?)",
                cancellationToken, (object)party.RegistrantIds.Select(id => id.ToString()).ToArray())]; // one parameter: the array
            requests = actorId is null ? [] : [.. await session.AdvancedSql.QueryAsync<Guid>(
                $"select distinct stream_id from {schema}.mt_events where data -> 'author' ->> 'actorId' = ?",
                cancellationToken, actorId)];
        }

        await store.Advanced.ApplyEventDataMasking(masking =>
        {
            own(masking);
            foreach (var meeting in meetings)
            {
                masking.IncludeStream(meeting, e => RegistrantNames.Names(e.Data, party.RegistrantIds));
            }

            foreach (var request in requests)
            {
                masking.IncludeStream(request, e => AuthorNames.Names(e.Data, actorId!));
            }

            masking.AddHeader(EventStore.MaskedHeader, now.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }, cancellationToken);

        meetings.AddRange(await EraseChairNamesAsync(store, party.RegistrantIds, now, cancellationToken));
        await RefoldAsync<Meeting>(store, grains, meetings.Distinct(), cancellationToken);
        await RefoldAsync<CollaborationRequest>(store, grains, requests, cancellationToken);

        // Last, the days their records stood as they were before (RecordDays): they hold what the masking took from the
        // events, as may rows written meanwhile from what the grains held. As of those days the masked events are folded.
        await RecordDays.ForgetAsync(store, [.. meetings.Union(requests)], cancellationToken);
    }

    /// <summary>
    /// A chair chosen from the directory is named, by person id, in the meeting's details (<see cref="MeetingCreated"/>,
    /// <see cref="MeetingDetailsChanged"/>) or a session (<see cref="SessionAdded"/>), among other chairs. A masking
    /// rule is one function per event type, blind to whom it erases, so these names are rewritten in SQL instead: only
    /// the erased person's chair entries, with the same "masked" header. Returns the meetings changed; idempotent.
    /// </summary>
    private static async Task<IReadOnlyList<Guid>> EraseChairNamesAsync(
        IDocumentStore store, IReadOnlyCollection<Guid> personIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        var meetings = new List<Guid>();
        await using var session = store.LightweightSession();
        foreach (var personId in personIds)
        {
            var chair = JsonSerializer.Serialize(new[] { new { personId = personId.ToString() } });
            foreach (var path in new[] { "{details,chairs}", "{chairs}" })
            {
                var chairs = $"data #> '{path}'";
                meetings.AddRange(await session.AdvancedSql.QueryAsync<Guid>(
                    $"select distinct stream_id from {schema}.mt_events where jsonb_typeof({chairs}) = 'array' and {chairs} @> ?::jsonb",
                    cancellationToken, chair));
                session.QueueSqlCommand(
                    $"update {schema}.mt_events set headers = coalesce(headers, '{{}}'::jsonb) || jsonb_build_object('{EventStore.MaskedHeader}', ?::text), " +
                    $"data = jsonb_set(data, '{path}', (select jsonb_agg(case when c ->> 'personId' = ? then jsonb_set(c, '{{name}}', to_jsonb(?::text)) else c end order by i) " +
                    $"from jsonb_array_elements({chairs}) with ordinality as e(c, i))) " +
                    $"where jsonb_typeof({chairs}) = 'array' and {chairs} @> ?::jsonb and exists (select 1 from jsonb_array_elements({chairs}) c " +
                    $"where c ->> 'personId' = ? and c ->> 'name' is distinct from ?)",
                    now.ToString("O", System.Globalization.CultureInfo.InvariantCulture), personId.ToString(), PersonalData.ErasedName, chair,
                    personId.ToString(), PersonalData.ErasedName);
            }
        }

        await session.SaveChangesAsync(cancellationToken);
        return meetings;
    }

    /// <summary>
    /// The inline records of <paramref name="streams"/>, folded again from their (masked) events. A stream that moved
    /// on meanwhile is folded again, so an append racing the refold does not leave a record built from the old events.
    /// Then each stream's grain lets go of the record it holds, built from the events before the masking: it answers
    /// reads of the record (ADR 0002's amendment), which must show what the masking left.
    /// </summary>
    private static async Task RefoldAsync<TState>(IDocumentStore store, IGrainFactory grains, IEnumerable<Guid> streams, CancellationToken cancellationToken)
        where TState : class, IEventSourced<TState>
    {
        foreach (var stream in streams)
        {
            for (var attempt = 0; attempt < 5; attempt++)
            {
                await using var session = store.LightweightSession();
                var events = await session.Events.FetchStreamAsync(stream, token: cancellationToken);
                if (StreamRecord<TState>.Fold(stream, events) is not { } record)
                {
                    break;
                }

                session.Store(record);
                await session.SaveChangesAsync(cancellationToken);
                if ((await session.Events.FetchStreamStateAsync(stream, cancellationToken))?.Version == record.Version)
                {
                    break;
                }
            }

            await grains.Of<TState>(stream).ForgetAsync();
        }
    }
}
