namespace AlfaPlatform.Domain.Meetings;

/// <summary>A change asked of one meeting; sent to its grain, decided by <see cref="MeetingDecider"/>.</summary>
[GenerateSerializer, Immutable, Alias("alfa.meeting-command")]
public abstract record MeetingCommand;

[GenerateSerializer, Immutable, Alias("alfa.create-meeting")]
public sealed record CreateMeeting(
    [property: Id(0)] MeetingDetails Details,
    [property: Id(1)] MeetingTime Time,
    [property: Id(2)] MeetingPlace Place) : MeetingCommand;

[GenerateSerializer, Immutable, Alias("alfa.change-meeting-details")]
public sealed record ChangeMeetingDetails([property: Id(0)] MeetingDetails Details) : MeetingCommand;

[GenerateSerializer, Immutable, Alias("alfa.reschedule-meeting")]
public sealed record RescheduleMeeting([property: Id(0)] MeetingTime Time, [property: Id(1)] string? Reason) : MeetingCommand;

[GenerateSerializer, Immutable, Alias("alfa.move-meeting")]
public sealed record MoveMeeting([property: Id(0)] MeetingPlace Place, [property: Id(1)] string? Reason) : MeetingCommand;

[GenerateSerializer, Immutable, Alias("alfa.publish-meeting")]
public sealed record PublishMeeting : MeetingCommand;

[GenerateSerializer, Immutable, Alias("alfa.open-registration")]
public sealed record OpenRegistration : MeetingCommand;

[GenerateSerializer, Immutable, Alias("alfa.close-registration")]
public sealed record CloseRegistration : MeetingCommand;

[GenerateSerializer, Immutable, Alias("alfa.mark-meeting-held")]
public sealed record MarkMeetingHeld : MeetingCommand;

[GenerateSerializer, Immutable, Alias("alfa.cancel-meeting")]
public sealed record CancelMeeting([property: Id(0)] string Reason) : MeetingCommand;

[GenerateSerializer, Immutable, Alias("alfa.add-session")]
public sealed record AddSession(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] string Title,
    [property: Id(2)] SessionKind Kind,
    [property: Id(3)] DateTime Start,
    [property: Id(4)] DateTime End,
    [property: Id(5)] string? Room,
    [property: Id(6)] IReadOnlyList<Chair> Chairs) : MeetingCommand;

[GenerateSerializer, Immutable, Alias("alfa.remove-session")]
public sealed record RemoveSession([property: Id(0)] Guid SessionId) : MeetingCommand;

[GenerateSerializer, Immutable, Alias("alfa.submit-contribution")]
public sealed record SubmitContribution(
    [property: Id(0)] Guid ContributionId,
    [property: Id(1)] string Title,
    [property: Id(2)] string Abstract,
    [property: Id(3)] Guid PresenterId,
    [property: Id(4)] IReadOnlyList<string> Authors,
    [property: Id(5)] Guid? TeamId,
    [property: Id(6)] Guid SubmittedBy) : MeetingCommand;

[GenerateSerializer, Immutable, Alias("alfa.review-contribution")]
public sealed record ReviewContribution([property: Id(0)] Guid ContributionId, [property: Id(1)] bool Accept, [property: Id(2)] string? Note) : MeetingCommand;

/// <param name="By">Who withdraws: the submitter, or null for staff (who may withdraw any).</param>
[GenerateSerializer, Immutable, Alias("alfa.withdraw-contribution")]
public sealed record WithdrawContribution([property: Id(0)] Guid ContributionId, [property: Id(1)] Guid? By, [property: Id(2)] string? Reason) : MeetingCommand;

[GenerateSerializer, Immutable, Alias("alfa.schedule-contribution")]
public sealed record ScheduleContribution([property: Id(0)] Guid ContributionId, [property: Id(1)] Guid SessionId) : MeetingCommand;

/// <param name="ByStaff">Staff registering someone: no approval step.</param>
[GenerateSerializer, Immutable, Alias("alfa.register")]
public sealed record Register([property: Id(0)] Registrant Registrant, [property: Id(1)] bool ByStaff) : MeetingCommand;

[GenerateSerializer, Immutable, Alias("alfa.approve-registration")]
public sealed record ApproveRegistration([property: Id(0)] Guid RegistrantId) : MeetingCommand;

[GenerateSerializer, Immutable, Alias("alfa.decline-registration")]
public sealed record DeclineRegistration([property: Id(0)] Guid RegistrantId, [property: Id(1)] string? Reason) : MeetingCommand;

[GenerateSerializer, Immutable, Alias("alfa.cancel-registration")]
public sealed record CancelRegistration([property: Id(0)] Guid RegistrantId, [property: Id(1)] string? Reason) : MeetingCommand;

[GenerateSerializer, Immutable, Alias("alfa.check-in")]
public sealed record CheckIn([property: Id(0)] Guid RegistrantId) : MeetingCommand;
