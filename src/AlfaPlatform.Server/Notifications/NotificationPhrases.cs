namespace AlfaPlatform.Server.Notifications;

/// <summary>
/// Every sentence a notification can say, in English; {0} is always the request's or the meeting's title. The web
/// app's French for each is in PartnerNotifications.fr.resx, and a test keeps the two lists equal.
/// </summary>
public static class NotificationPhrases
{
    public const string SubmittedForStaff = "New request \"{0}\" was submitted.";
    public const string SubmittedForStaffDue = "New request \"{0}\" was submitted; screening is due by {1}.";
    public const string Submitted = "Request \"{0}\" was submitted.";
    public const string SubmittedDue = "Request \"{0}\" was submitted; the network screens it by {1}.";
    public const string Accepted = "Request \"{0}\" was accepted for assessment: the network is asking the teams best placed to answer it.";
    public const string ScreeningOverdue = "Screening of \"{0}\" was due on {1} and is overdue.";
    public const string RoutedToTeam = "Request \"{0}\" was routed to your team.";
    public const string RoutedToTeamDue = "Request \"{0}\" was routed to your team; please answer by {1}.";
    public const string RoutedToOrganisation = "Request \"{0}\" was routed to your organisation.";
    public const string RoutedToOrganisationDue = "Request \"{0}\" was routed to your organisation; please answer by {1}.";
    public const string TeamInterested = "A routed team is interested in \"{0}\" and sent a proposal.";
    public const string TeamNotInterested = "A routed team is not interested in \"{0}\" ({1}).";
    public const string YourAnswerOverdue = "Your answer to \"{0}\" was due on {1}.";
    public const string AnswerOverdue = "A routed team's answer to \"{0}\" was due on {1} and is overdue.";
    public const string OneShortlisted = "1 proposal was shortlisted for \"{0}\": choose the one to go on with.";
    public const string ManyShortlisted = "{1} proposals were shortlisted for \"{0}\": choose the one to go on with.";
    public const string YoursShortlisted = "Your proposal for \"{0}\" was shortlisted; your team now takes part in its conversation.";
    public const string YoursNotShortlisted = "Your proposal for \"{0}\" was not shortlisted. Thank you for answering.";
    public const string PartnerSelected = "The partner selected a proposal for \"{0}\": contracting starts.";
    public const string Selected = "A proposal was selected for \"{0}\": contracting starts.";
    public const string YoursSelected = "Your proposal for \"{0}\" was selected: contracting starts.";
    public const string AnotherSelected = "Another proposal was selected for \"{0}\".";
    public const string AgreementRecorded = "An agreement was recorded for \"{0}\": {1}.";
    public const string Started = "The collaboration \"{0}\" has started.";
    public const string CompletedPleaseRate = "\"{0}\" is completed. Please rate your satisfaction with the collaboration (1 to 5).";
    public const string Completed = "\"{0}\" is completed.";
    public const string Rated = "The partner rated \"{0}\" {1}/5.";
    public const string Declined = "The network declined \"{0}\" ({1}).";
    public const string DeclinedNothingMore = "The network declined \"{0}\"; nothing more is needed from your team.";
    public const string Withdrawn = "The partner withdrew \"{0}\".";
    public const string WithdrawnNothingMore = "The partner withdrew \"{0}\"; nothing more is needed from your team.";
    public const string MessageFromTeam = "New message from a shortlisted team on \"{0}\".";
    public const string MessageFromOffice = "New message from the network office on \"{0}\".";
    public const string MessageFromPartner = "New message from the partner on \"{0}\".";
    public const string MessageFromParticipant = "New message from a participant on \"{0}\".";
    public const string Rescheduled = "\"{0}\" was rescheduled: it now runs {1}.";
    public const string MovedTo = "\"{0}\" moved: it now takes place at {1}.";
    public const string MovedToAndOnline = "\"{0}\" moved: it now takes place at {1} and online.";
    public const string MovedOnline = "\"{0}\" moved: it now takes place online.";
    public const string Cancelled = "\"{0}\" was cancelled: your registration is void.";
    public const string RegistrationToApprove = "A registration for \"{0}\" waits for your approval.";
    public const string RegistrationApprovedWaiting = "Your registration for \"{0}\" was approved; the meeting is full, so you are on its waiting list.";
    public const string RegistrationApproved = "Your registration for \"{0}\" was approved: you have a seat.";
    public const string RegistrationDeclined = "Your registration for \"{0}\" was declined.";
    public const string Promoted = "A seat freed up at \"{0}\": you have a seat.";
}
