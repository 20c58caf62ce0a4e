using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Security;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace AlfaPlatform.Server.Dashboards;

/// <summary>
/// A collaboration request digested for the partnership dashboards (pipeline, value, experience): every dated fact
/// they read, each with the time the platform recorded it, so any "as of" is a filter over one document per request
/// instead of a fold of its stream (with its messages and details).
/// </summary>
public sealed record RequestTimeline(
    Guid Id,
    Guid PartnerOrganisationId,
    DateTimeOffset DraftedAt,
    IReadOnlyList<StateEntry> States,
    DateTimeOffset? SubmittedAt,
    DateOnly? ScreeningDueOn,
    DateTimeOffset? ScreeningOverdueAt,
    DateTimeOffset? FirstAnswerAt,
    IReadOnlyList<RoutingFacts> Routings,
    Guid? SelectedOrganisationId,
    IReadOnlyList<AgreementFacts> Agreements,
    DeclineReason? DeclineReason,
    DateTimeOffset? DeclinedAt,
    int? Satisfaction,
    DateTimeOffset? RatedAt,
    long Version)
{
    /// <summary>The state at <paramref name="knownBy"/>; null when the request did not exist yet.</summary>
    public RequestState? StateAt(DateTimeOffset knownBy) => States.LastOrDefault(s => s.At <= knownBy)?.State;
}

/// <summary>The request entered <see cref="State"/> at <see cref="At"/>.</summary>
public sealed record StateEntry(RequestState State, DateTimeOffset At);

public sealed record RoutingFacts(Guid TargetId, DateTimeOffset RoutedAt, DateOnly? DueOn, DateTimeOffset? AnsweredAt, DateTimeOffset? OverdueAt);

/// <param name="SignedOn">The business date the agreement was signed.</param>
/// <param name="RecordedAt">When staff recorded it on the platform.</param>
/// <param name="PartnerSize">The partner company's size category when the agreement was recorded.</param>
/// <param name="NetworkOrganisationId">The network organisation of the selected team or organisation (null before a selection).</param>
public sealed record AgreementFacts(
    AgreementKind Kind, decimal ValueEuros, DateOnly SignedOn, DateTimeOffset RecordedAt, CompanySize? PartnerSize, Guid? NetworkOrganisationId);

/// <summary>
/// An organisation (its kind and size) or a team (its organisation), as the partnership projection needs them when a
/// request's agreement is recorded. Names are not kept: the dashboards read them from the organisations' records, so
/// that a profile's edit, the commonest change of an organisation, is no work for this projection.
/// </summary>
public sealed record PartnershipParty(Guid Id, Guid OrganisationId, OrganisationKind? Kind, CompanySize? Size, long Version);

/// <summary>
/// Keeps a <see cref="RequestTimeline"/> per collaboration request and a <see cref="PartnershipParty"/> per
/// organisation and team (to know a partner's size and a selected team's organisation when an agreement is
/// recorded). Events are applied in order within and across batches; an event at or below a document's version was
/// seen before and is skipped, so replays write the same documents.
/// </summary>
public sealed class PartnershipProjection : IProjection, IDeclaresEvents, IFoldsDocuments
{
    public static IReadOnlyList<Type> Documents { get; } = [typeof(RequestTimeline), typeof(PartnershipParty)];

    public static ProjectionEvents Events { get; } = new(
        reads: [typeof(RequestEvent), typeof(OrganisationEvent), typeof(TeamEvent)],
        handled:
        [
            typeof(RequestDrafted), typeof(DraftUpdated), typeof(RequestSubmitted), typeof(ScreeningStarted), typeof(AcceptedForAssessment),
            typeof(RequestRouted), typeof(RoutingAnswered), typeof(AnswerOverdue), typeof(ScreeningOverdue), typeof(ProposalsShortlisted),
            typeof(ProposalSelected), typeof(AgreementRecorded), typeof(RequestActivated), typeof(RequestCompleted), typeof(SatisfactionRated),
            typeof(RequestDeclined), typeof(RequestWithdrawn), typeof(MessagePosted),
            typeof(OrganisationRegistered), typeof(CompanySizeChanged), typeof(TeamCreated),
        ],
        ignored: // a party's kind, size and organisation are all the timelines read of it; documents change no timeline
        [
            typeof(DocumentAttached), typeof(DocumentRemoved), typeof(OrganisationProfileUpdated),
            typeof(CapabilityDeclared), typeof(CapabilityWithdrawn), typeof(OrganisationJoinedNetwork), typeof(OrganisationLeftNetwork),
            typeof(OrganisationArchived), typeof(OrganisationReinstated), typeof(TeamRenamed), typeof(TeamFocusChanged), typeof(TeamArchived), typeof(MemberAdded),
            typeof(MemberRoleChanged), typeof(MemberLeft), typeof(LeadHandedOver),
        ]);

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation) =>
        FoldAsync(new SessionDocuments(operations), events, cancellation);

    public async Task FoldAsync(IProjectionDocuments documents, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var relevant = Events.HandledIn(events);
        if (relevant.Count == 0)
        {
            return;
        }

        var requestEvents = relevant.Where(e => CollaborationRequest.EventTypes.Contains(e.EventType)).ToList();
        var timelines = (await documents.LoadManyAsync<RequestTimeline>(requestEvents.Select(e => e.StreamId).Distinct(), cancellation))
            .ToDictionary(t => t.Id);
        var partyIds = relevant.Except(requestEvents).Select(e => e.StreamId)
            .Concat(timelines.Values.Select(t => t.PartnerOrganisationId))
            .Concat(requestEvents.Select(e => e.Data switch
            {
                RequestDrafted d => d.PartnerOrganisationId,
                ProposalSelected s => s.TargetId,
                _ => Guid.Empty,
            }))
            .Where(id => id != Guid.Empty).Distinct().ToArray();
        var parties = (await documents.LoadManyAsync<PartnershipParty>(partyIds, cancellation)).ToDictionary(p => p.Id);
        var touchedParties = new HashSet<Guid>();
        var touchedRequests = new HashSet<Guid>();

        foreach (var e in relevant)
        {
            if (!CollaborationRequest.EventTypes.Contains(e.EventType))
            {
                var before = parties.GetValueOrDefault(e.StreamId);
                if (before is not null && e.Version <= before.Version)
                {
                    continue;
                }

                parties[e.StreamId] = Party(before, e);
                touchedParties.Add(e.StreamId);
                continue;
            }

            var timeline = timelines.GetValueOrDefault(e.StreamId);
            if (timeline is not null && e.Version <= timeline.Version)
            {
                continue;
            }

            timelines[e.StreamId] = Advance(timeline, e, parties) with { Version = e.Version };
            touchedRequests.Add(e.StreamId);
        }

        documents.Store(touchedParties.Select(id => parties[id]).ToArray());
        documents.Store(touchedRequests.Select(id => timelines[id]).ToArray());
    }

    private static PartnershipParty Party(PartnershipParty? before, IEvent e) => e.Data switch
    {
        OrganisationRegistered r => new PartnershipParty(e.StreamId, e.StreamId, r.Kind, r.Size, e.Version),
        TeamCreated t => new PartnershipParty(e.StreamId, t.OrganisationId, null, null, e.Version),
        CompanySizeChanged s when before is not null => before with { Size = s.Size, Version = e.Version },
        _ => throw new InvalidOperationException($"{e.EventTypeName} of organisation {e.StreamId} (version {e.Version}) comes before it was registered."),
    };

    private static RequestTimeline Advance(RequestTimeline? t, IEvent e, IReadOnlyDictionary<Guid, PartnershipParty> parties)
    {
        if (t is null)
        {
            return e.Data is RequestDrafted drafted
                ? new RequestTimeline(e.StreamId, drafted.PartnerOrganisationId, e.Timestamp, [new StateEntry(RequestState.Draft, e.Timestamp)],
                    null, null, null, null, [], null, [], null, null, null, null, e.Version)
                : throw new InvalidOperationException($"{e.EventTypeName} of request {e.StreamId} (version {e.Version}) comes before it was drafted.");
        }

        var at = e.Timestamp;
        var answered = t.SubmittedAt is not null ? t with { FirstAnswerAt = t.FirstAnswerAt ?? at } : t;
        return e.Data switch
        {
            RequestSubmitted s => Enter(t with { SubmittedAt = at, ScreeningDueOn = s.ScreeningDueOn }, RequestState.Submitted, at),
            ScreeningStarted => Enter(t, RequestState.Screening, at),
            AcceptedForAssessment => Enter(answered, RequestState.Assessment, at),
            RequestRouted r => t with { Routings = [.. t.Routings, new RoutingFacts(r.TargetId, at, r.AnswerDueOn, null, null)] },
            RoutingAnswered a => t with { Routings = [.. t.Routings.Select(r => r.TargetId == a.TargetId ? r with { AnsweredAt = r.AnsweredAt ?? at } : r)] },
            AnswerOverdue o => t with { Routings = [.. t.Routings.Select(r => r.TargetId == o.TargetId ? r with { OverdueAt = r.OverdueAt ?? at } : r)] },
            ScreeningOverdue => t with { ScreeningOverdueAt = t.ScreeningOverdueAt ?? at },
            ProposalsShortlisted => Enter(t, RequestState.Shortlisted, at),
            ProposalSelected selected => Enter(
                t with { SelectedOrganisationId = parties.GetValueOrDefault(selected.TargetId)?.OrganisationId ?? selected.TargetId },
                RequestState.Contracting, at),
            AgreementRecorded a => t with
            {
                Agreements = [.. t.Agreements, new AgreementFacts(
                    a.Kind, a.ValueEuros, a.SignedOn, at, parties.GetValueOrDefault(t.PartnerOrganisationId)?.Size, t.SelectedOrganisationId)],
            },
            RequestActivated => Enter(t, RequestState.Active, at),
            RequestCompleted => Enter(t, RequestState.Completed, at),
            SatisfactionRated r => t with { Satisfaction = r.Score, RatedAt = at },
            RequestDeclined d => Enter(answered with { DeclineReason = d.Reason, DeclinedAt = at }, RequestState.Declined, at),
            RequestWithdrawn => Enter(t, RequestState.Withdrawn, at),
            MessagePosted m when m.Author.Role != Roles.Partner => answered,
            DraftUpdated or MessagePosted => t,
            _ => throw new InvalidOperationException($"The partnership dashboards do not know {e.EventTypeName}."),
        };
    }

    private static RequestTimeline Enter(RequestTimeline t, RequestState state, DateTimeOffset at) =>
        t.States[^1].State == state ? t : t with { States = [.. t.States, new StateEntry(state, at)] };
}
