using System.Linq.Expressions;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace AlfaPlatform.Server.Dashboards;

/// <summary>
/// One change across the network, for the activity feed. It holds ids and the event's name only, never a name or
/// text: names are read from the records when the feed is read, so an erased person reads "erased person" there
/// too (ADR 0008) and the feed holds no personal data to erase. A row of <see cref="ActivityFeedSchema"/>.
/// </summary>
/// <param name="Sequence">The event's sequence: one entry per event.</param>
/// <param name="Record">organisation, team, person or request.</param>
/// <param name="SubjectId">The person a team event is about, or the team or organisation a request was routed to.</param>
/// <param name="PartnerOrganisationId">The partner company a request belongs to, or the organisation itself when it is one.</param>
/// <param name="NetworkOnly">Not for members: the network's internal steps on requests (routings, answers, messages, agreements, overdue flags).</param>
public sealed record ActivityEntry(
    long Sequence, DateTimeOffset At, string Record, Guid RecordId, string Event, Guid? SubjectId, Guid? PartnerOrganisationId, bool NetworkOnly);

/// <summary>Which partner company a request or an organisation stands for (requests: their partner; partner companies: themselves).</summary>
public sealed record ActivityRecordFacts(Guid Id, Guid PartnerOrganisationId);

/// <summary>What the feed says of one type of event: its record, its name, who may see it and whom it is about.</summary>
/// <param name="Subject">The event's member naming the person, team or organisation it is about, if any.</param>
public sealed record ActivityEntryKind(string Record, string Event, bool NetworkOnly, ActivitySubject? Subject);

/// <summary>The member of an event that names whom the event is about: read from the event, or from its stored JSON.</summary>
public sealed record ActivitySubject(string Member, Func<object, Guid> Of)
{
    public static ActivitySubject From<TEvent>(Expression<Func<TEvent, Guid>> member)
    {
        var read = member.Compile();
        return new(((MemberExpression)member.Body).Member.Name, e => read((TEvent)e));
    }
}

/// <summary>The activity feed: an entry per change to an organisation, team, person or collaboration request.</summary>
public sealed class ActivityProjection : IProjection, IDeclaresEvents
{
    /// <summary>A request's internal steps, for the network only: drafts, routings, answers, messages, agreements, overdue flags, documents.</summary>
    private static readonly Type[] NetworkOnlyRequestSteps =
    [
        typeof(RequestDrafted), typeof(DraftUpdated), typeof(RequestRouted), typeof(RoutingAnswered), typeof(AnswerOverdue),
        typeof(ScreeningOverdue), typeof(MessagePosted), typeof(AgreementRecorded), typeof(ProposalsShortlisted), typeof(ProposalSelected),
        typeof(DocumentAttached), typeof(DocumentRemoved),
    ];

    /// <summary>A request's steps members may see in the feed.</summary>
    private static readonly Type[] RequestMilestones =
    [
        typeof(RequestSubmitted), typeof(ScreeningStarted), typeof(AcceptedForAssessment), typeof(RequestActivated), typeof(RequestCompleted),
        typeof(SatisfactionRated), typeof(RequestDeclined), typeof(RequestWithdrawn),
    ];

    /// <summary>The person a team event is about, or the team or organisation a request was routed to.</summary>
    private static readonly Dictionary<Type, ActivitySubject> Subjects = new()
    {
        [typeof(MemberAdded)] = ActivitySubject.From<MemberAdded>(m => m.PersonId),
        [typeof(MemberRoleChanged)] = ActivitySubject.From<MemberRoleChanged>(m => m.PersonId),
        [typeof(MemberLeft)] = ActivitySubject.From<MemberLeft>(m => m.PersonId),
        [typeof(LeadHandedOver)] = ActivitySubject.From<LeadHandedOver>(h => h.ToPersonId),
        [typeof(RequestRouted)] = ActivitySubject.From<RequestRouted>(r => r.TargetId),
        [typeof(RoutingAnswered)] = ActivitySubject.From<RoutingAnswered>(a => a.TargetId),
        [typeof(AnswerOverdue)] = ActivitySubject.From<AnswerOverdue>(o => o.TargetId),
        [typeof(ProposalSelected)] = ActivitySubject.From<ProposalSelected>(s => s.TargetId),
    };

    /// <summary>
    /// Every change is an entry. A request's steps are listed one by one, so a new step is a decision on whether members
    /// see it; an organisation's, team's or person's change is always an entry members may see.
    /// </summary>
    public static ProjectionEvents Events { get; } = new(
        reads: [typeof(OrganisationEvent), typeof(TeamEvent), typeof(PersonEvent), typeof(RequestEvent)],
        handled: [.. Organisation.EventTypes, .. Team.EventTypes, .. Person.EventTypes, .. NetworkOnlyRequestSteps, .. RequestMilestones],
        ignored: []);

    /// <summary>The entry each handled event type makes: the live projection and the rebuild (<see cref="ActivityFeedRebuild"/>) both write from it.</summary>
    public static IReadOnlyDictionary<Type, ActivityEntryKind> EntryKinds { get; } = Events.Handled.ToDictionary(
        type => type,
        type => new ActivityEntryKind(RecordOf(type), type.Name, NetworkOnlyRequestSteps.Contains(type), Subjects.GetValueOrDefault(type)));

    /// <summary>
    /// The partner company a record stands for, learnt from the event that creates it: a request's partner, or a
    /// partner company itself; null for any other event. Every entry of the record carries it.
    /// </summary>
    public static ActivityRecordFacts? FactsOf(IEvent e) => e.Data switch
    {
        RequestDrafted drafted => new ActivityRecordFacts(e.StreamId, drafted.PartnerOrganisationId),
        OrganisationRegistered { Kind: OrganisationKind.PartnerCompany } => new ActivityRecordFacts(e.StreamId, e.StreamId),
        _ => null,
    };

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var relevant = Events.HandledIn(events);
        if (relevant.Count == 0)
        {
            return;
        }

        var facts = (await operations.LoadManyAsync<ActivityRecordFacts>(cancellation, relevant.Select(e => e.StreamId).Distinct()))
            .ToDictionary(f => f.Id);
        var added = new List<ActivityRecordFacts>();
        var entries = new List<ActivityEntry>(relevant.Count);
        foreach (var e in relevant)
        {
            if (FactsOf(e) is { } known)
            {
                added.Add(facts[e.StreamId] = known);
            }

            var kind = EntryKinds[e.EventType];
            entries.Add(new ActivityEntry(
                e.Sequence, e.Timestamp.ToUniversalTime(), kind.Record, e.StreamId, kind.Event, kind.Subject?.Of(e.Data),
                facts.GetValueOrDefault(e.StreamId)?.PartnerOrganisationId, kind.NetworkOnly));
        }

        operations.Store(added.ToArray());
        Write(operations, entries);
    }

    /// <summary>
    /// A batch's entries in one statement (a statement per row made the feed's writes the daemon's largest cost in the
    /// database). An entry already there is the same entry, written by a batch applied again after a failure.
    /// </summary>
    private static void Write(IDocumentOperations operations, IReadOnlyList<ActivityEntry> entries)
    {
        operations.QueueSqlCommand(
            $"insert into {ActivityFeedSchema.Table(operations.DocumentStore.Options.DatabaseSchemaName)} " +
            "(sequence, at, record, record_id, event, subject_id, partner_organisation_id, network_only) " +
            "select * from unnest(?::bigint[], ?::timestamptz[], ?::text[], ?::uuid[], ?::text[], ?::uuid[], ?::uuid[], ?::boolean[]) " +
            "on conflict (sequence) do nothing",
            entries.Select(e => e.Sequence).ToArray(), entries.Select(e => e.At).ToArray(), entries.Select(e => e.Record).ToArray(),
            entries.Select(e => e.RecordId).ToArray(), entries.Select(e => e.Event).ToArray(), entries.Select(e => e.SubjectId).ToArray(),
            entries.Select(e => e.PartnerOrganisationId).ToArray(), entries.Select(e => e.NetworkOnly).ToArray());
    }

    private static string RecordOf(Type eventType) =>
        Organisation.EventTypes.Contains(eventType) ? "organisation"
        : Team.EventTypes.Contains(eventType) ? "team"
        : Person.EventTypes.Contains(eventType) ? "person"
        : CollaborationRequest.EventTypes.Contains(eventType) ? "request"
        : throw new InvalidOperationException($"The activity feed does not know the record of {eventType.Name}.");
}
