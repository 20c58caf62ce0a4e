using System.Globalization;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.Security;

namespace AlfaPlatform.Server.Notifications;

/// <summary>One notification to write: for whom, what it says, and the facts it carries.</summary>
public sealed record Told(
    string Audience, NotificationKind Kind, Phrase Words, Guid? TargetId = null, DateOnly? DueOn = null, DeclineReason? Reason = null, string? Message = null,
    MeetingTime? Time = null, MeetingPlace? Place = null)
{
    /// <summary>What it says in English: the notification's text in the API and in emails.</summary>
    public string Text => Words.English();
}

/// <summary>
/// Who is told what of a request (pure: the request as of the event, and the event). Each party hears what
/// concerns it and no more: the partner never hears of the network's internal routing (the teams asked, their
/// answers and delays, as its timeline hides them), a routed team hears of its own routing and proposal and never
/// of another team's, and words written for one party (a decline message, a withdrawal reason) go to that party
/// only. Nobody is told of their own action: that is filtered where notifications are read and sent.
/// </summary>
public static class NotificationRules
{
    public static IEnumerable<Told> For(RequestNotificationContext request, object domainEvent)
    {
        var title = request.Title;
        var partner = Audiences.Partner(request.PartnerOrganisationId);
        switch (domainEvent)
        {
            case var _ when NotificationProjection.Events.Ignores(domainEvent):
                break;

            case RequestSubmitted submitted:
                yield return new Told(Audiences.Staff, NotificationKind.RequestSubmitted,
                    Due(NotificationPhrases.SubmittedForStaff, NotificationPhrases.SubmittedForStaffDue, title, submitted.ScreeningDueOn), DueOn: submitted.ScreeningDueOn);
                yield return new Told(partner, NotificationKind.RequestSubmitted,
                    Due(NotificationPhrases.Submitted, NotificationPhrases.SubmittedDue, title, submitted.ScreeningDueOn), DueOn: submitted.ScreeningDueOn);
                break;

            case AcceptedForAssessment:
                yield return new Told(partner, NotificationKind.RequestAccepted, Phrase.Of(NotificationPhrases.Accepted, title));
                break;

            case ScreeningOverdue overdue:
                yield return new Told(Audiences.Staff, NotificationKind.ScreeningOverdue,
                    Phrase.Of(NotificationPhrases.ScreeningOverdue, title, PhraseFact.Day(overdue.DueOn)), DueOn: overdue.DueOn);
                break;

            case RequestRouted routed:
                yield return new Told(Audiences.Target(routed.TargetId), NotificationKind.RoutedToYourTeam,
                    routed.TargetKind == RoutingTargetKind.Team
                        ? Due(NotificationPhrases.RoutedToTeam, NotificationPhrases.RoutedToTeamDue, title, routed.AnswerDueOn)
                        : Due(NotificationPhrases.RoutedToOrganisation, NotificationPhrases.RoutedToOrganisationDue, title, routed.AnswerDueOn),
                    routed.TargetId, routed.AnswerDueOn);
                break;

            case RoutingAnswered answered:
                yield return new Told(Audiences.Staff, NotificationKind.RoutingAnswered,
                    answered.Interested
                        ? Phrase.Of(NotificationPhrases.TeamInterested, title)
                        : Phrase.Of(NotificationPhrases.TeamNotInterested, title, PhraseFact.Of(answered.NotInterestedBecause ?? DeclineReason.Other)),
                    answered.TargetId, Reason: answered.NotInterestedBecause);
                break;

            case AnswerOverdue overdue:
                yield return new Told(Audiences.Target(overdue.TargetId), NotificationKind.AnswerOverdue,
                    Phrase.Of(NotificationPhrases.YourAnswerOverdue, title, PhraseFact.Day(overdue.DueOn)), overdue.TargetId, overdue.DueOn);
                yield return new Told(Audiences.Staff, NotificationKind.AnswerOverdue,
                    Phrase.Of(NotificationPhrases.AnswerOverdue, title, PhraseFact.Day(overdue.DueOn)), overdue.TargetId, overdue.DueOn);
                break;

            case ProposalsShortlisted shortlisted:
                yield return new Told(partner, NotificationKind.ProposalsShortlisted, shortlisted.TargetIds.Count == 1
                    ? Phrase.Of(NotificationPhrases.OneShortlisted, title)
                    : Phrase.Of(NotificationPhrases.ManyShortlisted, title, shortlisted.TargetIds.Count.ToString(CultureInfo.InvariantCulture)));
                foreach (var target in shortlisted.TargetIds)
                {
                    yield return new Told(Audiences.Target(target), NotificationKind.ProposalsShortlisted, Phrase.Of(NotificationPhrases.YoursShortlisted, title), target);
                }

                foreach (var target in request.Interested.Except(shortlisted.TargetIds))
                {
                    yield return new Told(Audiences.Target(target), NotificationKind.ProposalNotShortlisted, Phrase.Of(NotificationPhrases.YoursNotShortlisted, title), target);
                }

                break;

            case ProposalSelected selected:
                yield return new Told(Audiences.Staff, NotificationKind.ProposalSelected, Phrase.Of(NotificationPhrases.PartnerSelected, title), selected.TargetId);
                yield return new Told(partner, NotificationKind.ProposalSelected, Phrase.Of(NotificationPhrases.Selected, title), selected.TargetId);
                yield return new Told(Audiences.Target(selected.TargetId), NotificationKind.ProposalSelected, Phrase.Of(NotificationPhrases.YoursSelected, title), selected.TargetId);
                foreach (var target in request.Shortlisted.Where(t => t != selected.TargetId))
                {
                    yield return new Told(Audiences.Target(target), NotificationKind.ProposalNotSelected, Phrase.Of(NotificationPhrases.AnotherSelected, title), target);
                }

                break;

            case AgreementRecorded agreement:
                var recorded = Phrase.Of(NotificationPhrases.AgreementRecorded, title, PhraseFact.Of(agreement.Kind));
                yield return new Told(partner, NotificationKind.AgreementRecorded, recorded);
                // A confidentiality agreement opens the details to every routed team; the others concern the chosen one.
                var concerned = agreement.Kind == AgreementKind.Confidentiality ? request.Routed : request.Selected is { } chosen ? [chosen] : [];
                foreach (var target in concerned)
                {
                    yield return new Told(Audiences.Target(target), NotificationKind.AgreementRecorded, recorded, target);
                }

                break;

            case RequestActivated:
                yield return new Told(partner, NotificationKind.CollaborationStarted, Phrase.Of(NotificationPhrases.Started, title));
                foreach (var target in Selected(request))
                {
                    yield return new Told(Audiences.Target(target), NotificationKind.CollaborationStarted, Phrase.Of(NotificationPhrases.Started, title), target);
                }

                break;

            case RequestCompleted:
                yield return new Told(partner, NotificationKind.RequestCompleted, Phrase.Of(NotificationPhrases.CompletedPleaseRate, title));
                foreach (var target in Selected(request))
                {
                    yield return new Told(Audiences.Target(target), NotificationKind.RequestCompleted, Phrase.Of(NotificationPhrases.Completed, title), target);
                }

                break;

            case SatisfactionRated rated:
                yield return new Told(Audiences.Staff, NotificationKind.SatisfactionRated,
                    Phrase.Of(NotificationPhrases.Rated, title, rated.Score.ToString(CultureInfo.InvariantCulture)));
                break;

            case RequestDeclined declined:
                yield return new Told(partner, NotificationKind.RequestDeclined,
                    Phrase.Of(NotificationPhrases.Declined, title, PhraseFact.Of(declined.Reason)), Reason: declined.Reason, Message: declined.Message);
                foreach (var target in request.Routed)
                {
                    yield return new Told(Audiences.Target(target), NotificationKind.RequestDeclined,
                        Phrase.Of(NotificationPhrases.DeclinedNothingMore, title), target, Reason: declined.Reason);
                }

                break;

            case RequestWithdrawn withdrawn:
                yield return new Told(Audiences.Staff, NotificationKind.RequestWithdrawn, Phrase.Of(NotificationPhrases.Withdrawn, title), Message: withdrawn.Reason);
                foreach (var target in request.Routed)
                {
                    yield return new Told(Audiences.Target(target), NotificationKind.RequestWithdrawn, Phrase.Of(NotificationPhrases.WithdrawnNothingMore, title), target);
                }

                break;

            case MessagePosted posted:
                foreach (var told in Conversation(request, posted, title, partner))
                {
                    yield return told;
                }

                break;

            default:
                throw new InvalidOperationException($"Notifications do not know the request event {domainEvent.GetType().Name}: say who is told of it.");
        }
    }

    /// <summary>
    /// The other parties who can read the message: staff and the partner always, the shortlisted teams when it was
    /// posted once they take part (as <c>GetMessages</c> shows it to them); the author's own side is not told.
    /// </summary>
    private static IEnumerable<Told> Conversation(RequestNotificationContext request, MessagePosted posted, string title, string partner)
    {
        var from = posted.Author switch
        {
            { ForTargetId: not null } => NotificationPhrases.MessageFromTeam,
            { Role: Roles.Staff } => NotificationPhrases.MessageFromOffice,
            { Role: Roles.Partner } => NotificationPhrases.MessageFromPartner,
            _ => NotificationPhrases.MessageFromParticipant,
        };
        var text = Phrase.Of(from, title);
        if (posted.Author.Role != Roles.Staff)
        {
            yield return new Told(Audiences.Staff, NotificationKind.MessagePosted, text);
        }

        if (posted.Author.Role != Roles.Partner)
        {
            yield return new Told(partner, NotificationKind.MessagePosted, text);
        }

        if (posted.Author.ForTargetId is null)
        {
            foreach (var target in request.Shortlisted.Where(t => posted.Reaches(t) && (request.Selected is null || request.Selected == t)))
            {
                yield return new Told(Audiences.Target(target), NotificationKind.MessagePosted, text, target);
            }
        }
    }

    private static IEnumerable<Guid> Selected(RequestNotificationContext request) => request.Selected is { } selected ? [selected] : [];

    /// <summary>The phrase with its time limit when there is one, else the one without.</summary>
    private static Phrase Due(string without, string with, string title, DateOnly? due) =>
        due is { } day ? Phrase.Of(with, title, PhraseFact.Day(day)) : Phrase.Of(without, title);
}
