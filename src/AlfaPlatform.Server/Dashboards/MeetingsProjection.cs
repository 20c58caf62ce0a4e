using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace AlfaPlatform.Server.Dashboards;

/// <summary>
/// What the meetings dashboard counts of one meeting, each fact with the time the platform recorded it: the meeting
/// as described (title, kind, times, capacity) at each change, its cancellation and each registrant's and
/// contribution's steps. "As of" a day keeps the facts recorded by its end.
/// </summary>
public sealed record MeetingFacts(Guid Id, IReadOnlyList<MeetingFact> Facts, long Version);

/// <summary>One recorded fact: <see cref="What"/> says which; the other fields are those it carries.</summary>
public sealed record MeetingFact(
    DateTimeOffset At,
    MeetingFactKind What,
    string? Title = null,
    MeetingKind? Kind = null,
    DateTimeOffset? StartsAt = null,
    DateTimeOffset? EndsAt = null,
    int? Capacity = null,
    Guid? RegistrantId = null,
    Guid? OrganisationId = null,
    Guid? ContributionId = null,
    Guid? TeamId = null);

public enum MeetingFactKind
{
    Described,
    Scheduled,
    Published,
    Cancelled,
    Seated,
    Waiting,
    Pending,
    Left,
    CheckedIn,
    ContributionSubmitted,
    ContributionAccepted,
    ContributionClosed,
}

/// <summary>Keeps <see cref="MeetingFacts"/> per meeting, from the meeting streams' events.</summary>
public sealed class MeetingsProjection : IProjection, IDeclaresEvents, IFoldsDocuments
{
    public static IReadOnlyList<Type> Documents { get; } = [typeof(MeetingFacts)];

    public static ProjectionEvents Events { get; } = new(
        reads: [typeof(MeetingEvent)],
        handled:
        [
            typeof(MeetingCreated), typeof(MeetingDetailsChanged), typeof(MeetingRescheduled), typeof(MeetingPublished), typeof(MeetingCancelled),
            typeof(RegistrantRegistered), typeof(RegistrantWaitlisted), typeof(RegistrationRequested), typeof(RegistrationApproved),
            typeof(PromotedFromWaitingList), typeof(RegistrationDeclined), typeof(RegistrationCancelled), typeof(RegistrantCheckedIn),
            typeof(ContributionSubmitted), typeof(ContributionAccepted), typeof(ContributionRejected), typeof(ContributionWithdrawn),
        ],
        ignored: // registration windows, places, sessions and scheduling change no figure of this dashboard
        [
            typeof(RegistrationsOpened), typeof(RegistrationsClosed), typeof(MeetingMoved), typeof(MeetingHeld), typeof(SessionAdded),
            typeof(SessionRemoved), typeof(ContributionScheduled),
        ]);

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation) =>
        FoldAsync(new SessionDocuments(operations), events, cancellation);

    public async Task FoldAsync(IProjectionDocuments documents, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var relevant = Events.Read(events);
        if (relevant.Count == 0)
        {
            return;
        }

        var meetings = (await documents.LoadManyAsync<MeetingFacts>(relevant.Select(e => e.StreamId).Distinct(), cancellation))
            .ToDictionary(m => m.Id);
        foreach (var e in relevant)
        {
            var known = meetings.GetValueOrDefault(e.StreamId) ?? new MeetingFacts(e.StreamId, [], 0);
            if (e.Version <= known.Version)
            {
                continue; // applied before (a replay without teardown)
            }

            meetings[e.StreamId] = known with { Facts = [.. known.Facts, .. FactsOf(e)], Version = e.Version };
        }

        documents.Store(meetings.Values.ToArray());
    }

    private static IEnumerable<MeetingFact> FactsOf(IEvent e)
    {
        var at = e.Timestamp;
        switch (e.Data)
        {
            case MeetingCreated created:
                yield return Described(at, created.Details);
                yield return Scheduled(at, created.Time);
                break;
            case MeetingDetailsChanged changed:
                yield return Described(at, changed.Details);
                break;
            case MeetingRescheduled rescheduled:
                yield return Scheduled(at, rescheduled.Time);
                break;
            case MeetingPublished:
                yield return new MeetingFact(at, MeetingFactKind.Published);
                break;
            case MeetingCancelled:
                yield return new MeetingFact(at, MeetingFactKind.Cancelled);
                break;
            case RegistrantRegistered r:
                yield return new MeetingFact(at, MeetingFactKind.Seated, RegistrantId: r.Registrant.Id, OrganisationId: r.Registrant.OrganisationId);
                break;
            case RegistrantWaitlisted r:
                yield return new MeetingFact(at, MeetingFactKind.Waiting, RegistrantId: r.Registrant.Id, OrganisationId: r.Registrant.OrganisationId);
                break;
            case RegistrationRequested r:
                yield return new MeetingFact(at, MeetingFactKind.Pending, RegistrantId: r.Registrant.Id, OrganisationId: r.Registrant.OrganisationId);
                break;
            case RegistrationApproved approved:
                yield return new MeetingFact(at, approved.Waiting ? MeetingFactKind.Waiting : MeetingFactKind.Seated, RegistrantId: approved.RegistrantId);
                break;
            case PromotedFromWaitingList promoted:
                yield return new MeetingFact(at, MeetingFactKind.Seated, RegistrantId: promoted.RegistrantId);
                break;
            case RegistrationDeclined declined:
                yield return new MeetingFact(at, MeetingFactKind.Left, RegistrantId: declined.RegistrantId);
                break;
            case RegistrationCancelled cancelled:
                yield return new MeetingFact(at, MeetingFactKind.Left, RegistrantId: cancelled.RegistrantId);
                break;
            case RegistrantCheckedIn checkedIn:
                yield return new MeetingFact(at, MeetingFactKind.CheckedIn, RegistrantId: checkedIn.RegistrantId);
                break;
            case ContributionSubmitted submitted:
                yield return new MeetingFact(at, MeetingFactKind.ContributionSubmitted, ContributionId: submitted.ContributionId, TeamId: submitted.TeamId);
                break;
            case ContributionAccepted accepted:
                yield return new MeetingFact(at, MeetingFactKind.ContributionAccepted, ContributionId: accepted.ContributionId);
                break;
            case ContributionRejected rejected:
                yield return new MeetingFact(at, MeetingFactKind.ContributionClosed, ContributionId: rejected.ContributionId);
                break;
            case ContributionWithdrawn withdrawn:
                yield return new MeetingFact(at, MeetingFactKind.ContributionClosed, ContributionId: withdrawn.ContributionId);
                break;
            default:
                Events.Ignore(e.Data);
                break;
        }
    }

    private static MeetingFact Described(DateTimeOffset at, MeetingDetails details) =>
        new(at, MeetingFactKind.Described, details.Title, details.Kind, Capacity: details.Capacity);

    private static MeetingFact Scheduled(DateTimeOffset at, MeetingTime time) =>
        new(at, MeetingFactKind.Scheduled, StartsAt: time.StartUtc, EndsAt: time.EndUtc);
}
