using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Collaborations.Contracts;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Meetings.Contracts;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace AlfaPlatform.Server.Notifications;

/// <summary>
/// Turns the events of collaboration requests (<see cref="NotificationRules"/>) and of meetings
/// (<see cref="MeetingNotificationRules"/>) into <see cref="Notification"/> documents (and one <see cref="PendingEmail"/>
/// each), inline: in the transaction that appends the events, so a notification is never lost and never exists
/// without its event.
/// </summary>
/// <remarks>
/// <para>
/// Most events do not say everything their notification needs: a <see cref="RequestDeclined"/> names neither the
/// request's title, nor its partner company, nor the teams it was routed to. Three ways were weighed. Reading the
/// request's record (<see cref="RequestSummaries"/>, its published face) answers the committed state, which is the state before this append
/// when the projection runs inline but the final state when it is rebuilt, so the two would have to be told apart.
/// Folding the whole stream per event is far too costly. So the projection keeps its own small
/// <see cref="RequestNotificationContext"/> per request (partner, title, routed, interested, shortlisted and selected
/// targets, and the stream version it reflects), evolved by the same events in the same batch: inline and in a
/// rebuild alike it holds the request as of the event in hand, whatever the batch size, because the batch's events
/// are folded in memory in order and the contexts are loaded once per batch (Marten's <see cref="IProjection"/>
/// receives the whole batch, unlike the per-event conventions of <c>EventProjection</c>). Meetings have their own
/// <see cref="MeetingNotificationContext"/> (title, published or not, active registrants) kept the same way.
/// </para>
/// <para>
/// An event at or below the context's version was seen before (a replay without teardown): the context is not
/// evolved again, and the notifications, whose ids derive from the event id and the audience, are written over
/// themselves. A request or meeting that began before this projection told of it has no context yet: it is seeded once
/// from its committed record as its owner publishes it (<see cref="RequestSummaries"/>, <see cref="MeetingSummaries"/>), which inline is exactly the state before the events in hand.
/// </para>
/// </remarks>
public sealed class NotificationProjection : IProjection, IDeclaresEvents
{
    public const string Name = "notifications";

    /// <summary>
    /// Handled: the events someone may be told of (<see cref="NotificationRules"/>, <see cref="MeetingNotificationRules"/>);
    /// ignored: those that tell nobody. Every event of a request or meeting still advances its context.
    /// </summary>
    public static ProjectionEvents Events { get; } = new(
        reads: [typeof(RequestEvent), typeof(MeetingEvent)],
        handled:
        [
            typeof(RequestSubmitted), typeof(AcceptedForAssessment), typeof(ScreeningOverdue), typeof(RequestRouted), typeof(RoutingAnswered),
            typeof(AnswerOverdue), typeof(ProposalsShortlisted), typeof(ProposalSelected), typeof(AgreementRecorded), typeof(RequestActivated),
            typeof(RequestCompleted), typeof(SatisfactionRated), typeof(RequestDeclined), typeof(RequestWithdrawn), typeof(MessagePosted),
            typeof(MeetingRescheduled), typeof(MeetingMoved), typeof(MeetingCancelled), typeof(RegistrationRequested), typeof(RegistrationApproved),
            typeof(RegistrationDeclined), typeof(PromotedFromWaitingList),
        ],
        ignored:
        [
            typeof(RequestDrafted), typeof(DraftUpdated), typeof(ScreeningStarted), typeof(DocumentAttached), typeof(DocumentRemoved),
            typeof(MeetingCreated), typeof(MeetingDetailsChanged), typeof(MeetingPublished), typeof(RegistrationsOpened), typeof(RegistrationsClosed),
            typeof(MeetingHeld), typeof(SessionAdded), typeof(SessionRemoved), typeof(ContributionSubmitted), typeof(ContributionAccepted),
            typeof(ContributionRejected), typeof(ContributionWithdrawn), typeof(ContributionScheduled), typeof(RegistrantRegistered),
            typeof(RegistrantWaitlisted), typeof(RegistrationCancelled), typeof(RegistrantCheckedIn),
        ]);

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var read = Events.Read(events);
        await RequestsAsync(operations, [.. read.Where(e => e.Data is RequestEvent)], cancellation);
        await MeetingsAsync(operations, [.. read.Where(e => e.Data is MeetingEvent)], cancellation);
    }

    private static async Task RequestsAsync(IDocumentOperations operations, IReadOnlyList<IEvent> requestEvents, CancellationToken cancellation)
    {
        if (requestEvents.Count == 0)
        {
            return;
        }

        var contexts = (await operations.LoadManyAsync<RequestNotificationContext>(cancellation, requestEvents.Select(e => e.StreamId).Distinct()))
            .ToDictionary(c => c.Id);
        foreach (var e in requestEvents)
        {
            var before = contexts.GetValueOrDefault(e.StreamId)
                ?? (e.Data is RequestDrafted ? null : Seed(e, await RequestSummaries.FindAsync(operations, e.StreamId, cancellation), RequestNotificationContext.From));
            var context = before is not null && e.Version <= before.Version ? before : RequestNotificationContext.After(before, e);
            contexts[e.StreamId] = context;
            Write(operations, e, NotificationSubject.Request, context.Title, NotificationRules.For(context, e.Data));
        }

        operations.Store(contexts.Values.ToArray());
    }

    private static async Task MeetingsAsync(IDocumentOperations operations, IReadOnlyList<IEvent> meetingEvents, CancellationToken cancellation)
    {
        if (meetingEvents.Count == 0)
        {
            return;
        }

        var contexts = (await operations.LoadManyAsync<MeetingNotificationContext>(cancellation, meetingEvents.Select(e => e.StreamId).Distinct()))
            .ToDictionary(c => c.Id);
        foreach (var e in meetingEvents)
        {
            var before = contexts.GetValueOrDefault(e.StreamId)
                ?? (e.Data is MeetingCreated ? null : Seed(e, await MeetingSummaries.FindAsync(operations, e.StreamId, cancellation), MeetingNotificationContext.From));
            var context = before is not null && e.Version <= before.Version ? before : MeetingNotificationContext.After(before, e);
            contexts[e.StreamId] = context;
            Write(operations, e, NotificationSubject.Meeting, context.Title, MeetingNotificationRules.For(context, e.Data));
        }

        operations.Store(contexts.Values.ToArray());
    }

    private static void Write(IDocumentOperations operations, IEvent e, NotificationSubject subject, string title, IEnumerable<Told> told)
    {
        var actor = e.GetHeader(EventStore.ActorHeader)?.ToString() ?? e.UserName ?? CommandContext.System;
        // PostgreSQL keeps microseconds: the time as a rebuild will read it back, so both write the same document.
        var at = e.Timestamp.AddTicks(-(e.Timestamp.Ticks % 10));
        foreach (var t in told)
        {
            var notification = new Notification(
                StableIds.Notification(e.Id, t.Audience), subject, e.StreamId, title, t.Kind, t.Text, t.Audience,
                at, actor, e.Id, e.Sequence, t.TargetId, t.DueOn, t.Reason, t.Message, t.Time, t.Place, t.Words);
            operations.Store(notification);
            operations.Store(new PendingEmail(notification.Id, notification.At));
        }
    }

    /// <summary>A context seeded from the owner's published summary of the stream (its committed state).</summary>
    private static TContext Seed<TSummary, TContext>(IEvent e, TSummary? summary, Func<TSummary, TContext> from)
        where TSummary : class =>
        summary is not null
            ? from(summary)
            : throw new InvalidOperationException(
                $"Event {e.EventTypeName} of stream {e.StreamId} (version {e.Version}) comes before its stream began: notifications cannot be told.");
}

/// <summary>What <see cref="NotificationProjection"/> remembers of a request to address and word its notifications.</summary>
/// <param name="Version">The stream version this context reflects.</param>
public sealed record RequestNotificationContext(
    Guid Id,
    long Version,
    Guid PartnerOrganisationId,
    string Title,
    IReadOnlyList<Guid> Routed,
    IReadOnlyList<Guid> Interested,
    IReadOnlyList<Guid> Shortlisted,
    Guid? Selected)
{
    public static RequestNotificationContext From(RequestSummary request) => new(
        request.Id, request.Version, request.PartnerOrganisationId, request.Title, request.Routed, request.Interested, request.Shortlisted, request.Selected);

    public static RequestNotificationContext After(RequestNotificationContext? context, IEvent e)
    {
        if (context is null)
        {
            return e.Data is RequestDrafted drafted
                ? new RequestNotificationContext(e.StreamId, e.Version, drafted.PartnerOrganisationId, drafted.Details.Title, [], [], [], null)
                : throw new InvalidOperationException($"Request {e.StreamId} has no context before {e.EventTypeName}.");
        }

        var next = e.Data switch
        {
            DraftUpdated updated => context with { Title = updated.Details.Title },
            RequestRouted routed => context with { Routed = [.. context.Routed, routed.TargetId] },
            RoutingAnswered { Interested: true } answer => context with { Interested = [.. context.Interested, answer.TargetId] },
            ProposalsShortlisted shortlisted => context with { Shortlisted = shortlisted.TargetIds },
            ProposalSelected selected => context with { Selected = selected.TargetId },
            _ => context,
        };
        return next with { Version = e.Version };
    }
}
