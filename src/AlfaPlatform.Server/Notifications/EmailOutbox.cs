namespace AlfaPlatform.Server.Notifications;

/// <summary>
/// A notification not yet emailed to all its recipients: written by <see cref="NotificationProjection"/> with the
/// notification (so in the append's transaction), deleted once every recipient is done. <see cref="NotBefore"/> is
/// set while a recipient waits for a retry.
/// </summary>
public sealed record PendingEmail(Guid Id, DateTimeOffset At, DateTimeOffset? NotBefore = null);
