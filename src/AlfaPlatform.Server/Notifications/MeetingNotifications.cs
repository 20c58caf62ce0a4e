using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Meetings.Contracts;
using JasperFx.Events;

namespace AlfaPlatform.Server.Notifications;

/// <summary>
/// What <see cref="NotificationProjection"/> remembers of a meeting to address and word its notifications: the
/// title, whether it was published, and its active registrants (pending approval, seated or waiting) in arrival order.
/// </summary>
/// <param name="Version">The stream version this context reflects.</param>
public sealed record MeetingNotificationContext(Guid Id, long Version, string Title, bool IsPublished, IReadOnlyList<Guid> Registrants)
{
    public static MeetingNotificationContext From(MeetingSummary meeting) =>
        new(meeting.Id, meeting.Version, meeting.Title, meeting.IsPublished, meeting.ActiveRegistrants);

    public static MeetingNotificationContext After(MeetingNotificationContext? context, IEvent e)
    {
        if (context is null)
        {
            return e.Data is MeetingCreated created
                ? new MeetingNotificationContext(e.StreamId, e.Version, created.Details.Title, false, [])
                : throw new InvalidOperationException($"Meeting {e.StreamId} has no context before {e.EventTypeName}.");
        }

        var next = e.Data switch
        {
            MeetingDetailsChanged changed => context with { Title = changed.Details.Title },
            MeetingPublished => context with { IsPublished = true },
            RegistrationRequested requested => context.Arrived(requested.Registrant.Id),
            RegistrantRegistered registered => context.Arrived(registered.Registrant.Id),
            RegistrantWaitlisted waitlisted => context.Arrived(waitlisted.Registrant.Id),
            RegistrationDeclined declined => context.Left(declined.RegistrantId),
            RegistrationCancelled cancelled => context.Left(cancelled.RegistrantId),
            _ => context,
        };
        return next with { Version = e.Version };
    }

    private MeetingNotificationContext Arrived(Guid registrant) => this with { Registrants = [.. Registrants.Where(r => r != registrant), registrant] };

    private MeetingNotificationContext Left(Guid registrant) => this with { Registrants = [.. Registrants.Where(r => r != registrant)] };
}

/// <summary>
/// Who is told what of a meeting (pure: the meeting as of the event, and the event). Its registrants hear, each in
/// their own inbox, what changes for them: a change of date or place after publication and a cancellation reach
/// every registration active when it happened (so whoever registers later is not told of it: they registered for the
/// meeting as it then was), and a registrant alone hears of their own registration's approval, decline or
/// promotion from the waiting list. Staff hear of registrations waiting for their approval. Registrants never hear of
/// one another, and no notification names a registrant. Nobody is told of their own action: that is filtered where
/// notifications are read and sent.
/// </summary>
public static class MeetingNotificationRules
{
    public static IEnumerable<Told> For(MeetingNotificationContext meeting, object domainEvent)
    {
        var title = meeting.Title;
        switch (domainEvent)
        {
            case var _ when NotificationProjection.Events.Ignores(domainEvent):
                break;

            // Before publication nobody was told the old date or place, so there is nothing to correct (as Meeting.Changes).
            case MeetingRescheduled rescheduled when meeting.IsPublished:
                foreach (var registrant in meeting.Registrants)
                {
                    yield return new Told(Audiences.Registrant(registrant), NotificationKind.MeetingRescheduled,
                        Phrase.Of(NotificationPhrases.Rescheduled, title, rescheduled.Time.ToString()), Message: rescheduled.Reason, Time: rescheduled.Time);
                }

                break;

            case MeetingMoved moved when meeting.IsPublished:
                foreach (var registrant in meeting.Registrants)
                {
                    yield return new Told(Audiences.Registrant(registrant), NotificationKind.MeetingMoved,
                        Where(title, moved.Place), Message: moved.Reason, Place: moved.Place);
                }

                break;

            case MeetingRescheduled or MeetingMoved:
                break;

            case MeetingCancelled cancelled:
                foreach (var registrant in meeting.Registrants)
                {
                    yield return new Told(Audiences.Registrant(registrant), NotificationKind.MeetingCancelled,
                        Phrase.Of(NotificationPhrases.Cancelled, title), Message: cancelled.Reason);
                }

                break;

            case RegistrationRequested:
                yield return new Told(Audiences.Staff, NotificationKind.RegistrationToApprove, Phrase.Of(NotificationPhrases.RegistrationToApprove, title));
                break;

            case RegistrationApproved approved:
                yield return new Told(Audiences.Registrant(approved.RegistrantId), NotificationKind.RegistrationApproved,
                    approved.Waiting
                        ? Phrase.Of(NotificationPhrases.RegistrationApprovedWaiting, title)
                        : Phrase.Of(NotificationPhrases.RegistrationApproved, title));
                break;

            case RegistrationDeclined declined:
                yield return new Told(Audiences.Registrant(declined.RegistrantId), NotificationKind.RegistrationDeclined,
                    Phrase.Of(NotificationPhrases.RegistrationDeclined, title), Message: declined.Reason);
                break;

            case PromotedFromWaitingList promoted:
                yield return new Told(Audiences.Registrant(promoted.RegistrantId), NotificationKind.PromotedFromWaitingList,
                    Phrase.Of(NotificationPhrases.Promoted, title));
                break;

            default:
                throw new InvalidOperationException($"Notifications do not know the meeting event {domainEvent.GetType().Name}: say who is told of it.");
        }
    }

    private static Phrase Where(string title, MeetingPlace place) => place switch
    {
        { Venue: { } v, Online: true } => Phrase.Of(NotificationPhrases.MovedToAndOnline, title, $"{v.Name}, {v.City}, {v.Country}"),
        { Venue: { } v } => Phrase.Of(NotificationPhrases.MovedTo, title, $"{v.Name}, {v.City}, {v.Country}"),
        _ => Phrase.Of(NotificationPhrases.MovedOnline, title),
    };
}
