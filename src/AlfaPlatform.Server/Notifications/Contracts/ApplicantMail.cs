using Marten;
using Microsoft.Extensions.Options;

namespace AlfaPlatform.Server.Notifications.Contracts;

/// <summary>
/// Emails a partner applicant the link to its application's status page, through the notification outbox: one
/// notification for the audience <c>applicant:{application}</c> (its contact's address, looked up when the mail goes,
/// so an erased contact is not written to). The link carries the secret status token, so it is kept on the outbox
/// entry alone, which the mailer deletes once the message is sent or given up: the notification holds no secret.
/// Nothing is queued without <c>Smtp:Host</c>, so no token is ever written for a mail that would not go.
/// </summary>
public sealed class ApplicantMail(IDocumentStore store, IOptions<SmtpSettings> smtp, TimeProvider clock)
{
    /// <summary>
    /// Queues the email; <paramref name="path"/> (such as <c>/apply/status/{token}</c>) is made absolute with
    /// <c>Smtp:LinkBase</c>, else with <paramref name="requestBase"/> (the scheme, host and path base the applicant used).
    /// </summary>
    /// <returns>Whether an email was queued (SMTP is configured).</returns>
    public async Task<bool> QueueStatusLinkAsync(Guid applicationId, string companyName, string path, Uri requestBase, CancellationToken cancellationToken)
    {
        var settings = smtp.Value;
        if (!settings.IsConfigured)
        {
            return false;
        }

        var link = new Uri(new Uri(EnsureSlash(settings.LinkBase ?? requestBase.ToString())), path.TrimStart('/')).ToString();
        var audience = Audiences.Applicant(applicationId);
        var now = clock.GetUtcNow();
        var id = StableIds.ApplicantStatusLink(applicationId);
        var notification = new Notification(
            id, NotificationSubject.PartnerApplication, applicationId, companyName, NotificationKind.ApplicationReceived,
            $"We received the application of {companyName} to become a partner of the network. Follow it on its status page; the link is yours alone, keep it private.",
            audience, now, Infrastructure.EventSourcing.CommandContext.Anonymous, EventId: Guid.Empty, Sequence: 0);
        await using var session = store.LightweightSession();
        session.Store(notification);
        session.Store(new PendingEmail(id, now) { Link = link });
        await session.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>How the outbox's deliveries name the applicant (so that erasing the contact finds its email).</summary>
    public static string RecipientOf(Guid applicationId) => Audiences.Applicant(applicationId);

    private static string EnsureSlash(string url) => url.EndsWith('/') ? url : url + "/";
}
