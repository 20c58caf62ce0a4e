using System.Globalization;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.Security;

namespace AlfaPlatform.Server.Notifications;

/// <summary>One notification to write: for whom, what, and the facts it carries.</summary>
public sealed record Told(
    string Audience, NotificationKind Kind, string Text, Guid? TargetId = null, DateOnly? DueOn = null, DeclineReason? Reason = null, string? Message = null,
    MeetingTime? Time = null, MeetingPlace? Place = null);

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
        var title = $"\"{request.Title}\"";
        var partner = Audiences.Partner(request.PartnerOrganisationId);
        switch (domainEvent)
        {
            case var _ when NotificationProjection.Events.Ignores(domainEvent):
                break;

            case RequestSubmitted submitted:
                yield return new Told(Audiences.Staff, NotificationKind.RequestSubmitted,
                    $"New request {title} was submitted{By(submitted.ScreeningDueOn, "; screening is due by")}.", DueOn: submitted.ScreeningDueOn);
                yield return new Told(partner, NotificationKind.RequestSubmitted,
                    $"Request {title} was submitted{By(submitted.ScreeningDueOn, "; the network screens it by")}.", DueOn: submitted.ScreeningDueOn);
                break;

            case AcceptedForAssessment:
                yield return new Told(partner, NotificationKind.RequestAccepted,
                    $"Request {title} was accepted for assessment: the network is asking the teams best placed to answer it.");
                break;

            case ScreeningOverdue overdue:
                yield return new Told(Audiences.Staff, NotificationKind.ScreeningOverdue,
                    $"Screening of {title} was due on {Day(overdue.DueOn)} and is overdue.", DueOn: overdue.DueOn);
                break;

            case RequestRouted routed:
                yield return new Told(Audiences.Target(routed.TargetId), NotificationKind.RoutedToYourTeam,
                    $"Request {title} was routed to your {(routed.TargetKind == RoutingTargetKind.Team ? "team" : "organisation")}"
                    + $"{By(routed.AnswerDueOn, "; please answer by")}.",
                    routed.TargetId, routed.AnswerDueOn);
                break;

            case RoutingAnswered answered:
                yield return new Told(Audiences.Staff, NotificationKind.RoutingAnswered,
                    answered.Interested
                        ? $"A routed team is interested in {title} and sent a proposal."
                        : $"A routed team is not interested in {title} ({Words(answered.NotInterestedBecause ?? DeclineReason.Other)}).",
                    answered.TargetId, Reason: answered.NotInterestedBecause);
                break;

            case AnswerOverdue overdue:
                yield return new Told(Audiences.Target(overdue.TargetId), NotificationKind.AnswerOverdue,
                    $"Your answer to {title} was due on {Day(overdue.DueOn)}.", overdue.TargetId, overdue.DueOn);
                yield return new Told(Audiences.Staff, NotificationKind.AnswerOverdue,
                    $"A routed team's answer to {title} was due on {Day(overdue.DueOn)} and is overdue.", overdue.TargetId, overdue.DueOn);
                break;

            case ProposalsShortlisted shortlisted:
                yield return new Told(partner, NotificationKind.ProposalsShortlisted,
                    $"{Count(shortlisted.TargetIds.Count, "proposal was", "proposals were")} shortlisted for {title}: choose the one to go on with.");
                foreach (var target in shortlisted.TargetIds)
                {
                    yield return new Told(Audiences.Target(target), NotificationKind.ProposalsShortlisted,
                        $"Your proposal for {title} was shortlisted; your team now takes part in its conversation.", target);
                }

                foreach (var target in request.Interested.Except(shortlisted.TargetIds))
                {
                    yield return new Told(Audiences.Target(target), NotificationKind.ProposalNotShortlisted,
                        $"Your proposal for {title} was not shortlisted. Thank you for answering.", target);
                }

                break;

            case ProposalSelected selected:
                yield return new Told(Audiences.Staff, NotificationKind.ProposalSelected, $"The partner selected a proposal for {title}: contracting starts.", selected.TargetId);
                yield return new Told(partner, NotificationKind.ProposalSelected, $"A proposal was selected for {title}: contracting starts.", selected.TargetId);
                yield return new Told(Audiences.Target(selected.TargetId), NotificationKind.ProposalSelected,
                    $"Your proposal for {title} was selected: contracting starts.", selected.TargetId);
                foreach (var target in request.Shortlisted.Where(t => t != selected.TargetId))
                {
                    yield return new Told(Audiences.Target(target), NotificationKind.ProposalNotSelected, $"Another proposal was selected for {title}.", target);
                }

                break;

            case AgreementRecorded agreement:
                var text = $"A {Words(agreement.Kind)} agreement was recorded for {title}.";
                yield return new Told(partner, NotificationKind.AgreementRecorded, text);
                // A confidentiality agreement opens the details to every routed team; the others concern the chosen one.
                var concerned = agreement.Kind == AgreementKind.Confidentiality ? request.Routed : request.Selected is { } chosen ? [chosen] : [];
                foreach (var target in concerned)
                {
                    yield return new Told(Audiences.Target(target), NotificationKind.AgreementRecorded, text, target);
                }

                break;

            case RequestActivated:
                yield return new Told(partner, NotificationKind.CollaborationStarted, $"The collaboration {title} has started.");
                foreach (var target in Selected(request))
                {
                    yield return new Told(Audiences.Target(target), NotificationKind.CollaborationStarted, $"The collaboration {title} has started.", target);
                }

                break;

            case RequestCompleted:
                yield return new Told(partner, NotificationKind.RequestCompleted,
                    $"{title} is completed. Please rate your satisfaction with the collaboration (1 to 5).");
                foreach (var target in Selected(request))
                {
                    yield return new Told(Audiences.Target(target), NotificationKind.RequestCompleted, $"{title} is completed.", target);
                }

                break;

            case SatisfactionRated rated:
                yield return new Told(Audiences.Staff, NotificationKind.SatisfactionRated, $"The partner rated {title} {rated.Score}/5.");
                break;

            case RequestDeclined declined:
                yield return new Told(partner, NotificationKind.RequestDeclined,
                    $"The network declined {title} ({Words(declined.Reason)}).", Reason: declined.Reason, Message: declined.Message);
                foreach (var target in request.Routed)
                {
                    yield return new Told(Audiences.Target(target), NotificationKind.RequestDeclined,
                        $"The network declined {title}; nothing more is needed from your team.", target, Reason: declined.Reason);
                }

                break;

            case RequestWithdrawn withdrawn:
                yield return new Told(Audiences.Staff, NotificationKind.RequestWithdrawn, $"The partner withdrew {title}.", Message: withdrawn.Reason);
                foreach (var target in request.Routed)
                {
                    yield return new Told(Audiences.Target(target), NotificationKind.RequestWithdrawn,
                        $"The partner withdrew {title}; nothing more is needed from your team.", target);
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
            { ForTargetId: not null } => "a shortlisted team",
            { Role: Roles.Staff } => "the network office",
            { Role: Roles.Partner } => "the partner",
            _ => "a participant",
        };
        var text = $"New message from {from} on {title}.";
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

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string By(DateOnly? day, string words) => day is { } due ? $"{words} {Day(due)}" : "";

    private static string Count(int count, string one, string many) => count == 1 ? $"1 {one}" : $"{count} {many}";

    private static string Words(DeclineReason reason) => reason switch
    {
        DeclineReason.OutOfScope => "out of scope",
        DeclineReason.TooEarlyStage => "too early a stage",
        DeclineReason.NoCapacity => "no capacity",
        DeclineReason.DataNotAvailable => "data not available",
        DeclineReason.CommercialRouteUnclear => "commercial route unclear",
        DeclineReason.Duplicate => "a duplicate",
        _ => "another reason",
    };

    private static string Words(AgreementKind kind) => kind switch
    {
        AgreementKind.Confidentiality => "confidentiality",
        AgreementKind.MaterialTransfer => "material transfer",
        AgreementKind.ResearchCollaboration => "research collaboration",
        AgreementKind.Service => "service",
        _ => "licence",
    };
}
