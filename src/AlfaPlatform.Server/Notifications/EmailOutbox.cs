using AlfaPlatform.Server.Identity.Contracts;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Partners.Contracts;
using AlfaPlatform.Server.People.Contracts;
using AlfaPlatform.Server.Teams.Contracts;
using MailKit.Security;
using Marten;

namespace AlfaPlatform.Server.Notifications;

/// <summary>
/// A notification not yet emailed to all its recipients: written by <see cref="NotificationProjection"/> with the
/// notification (so in the append's transaction), deleted by <see cref="NotificationMailer"/> once every recipient
/// is done. <see cref="NotBefore"/> is set while a recipient waits for a retry.
/// </summary>
public sealed record PendingEmail(Guid Id, DateTimeOffset At, DateTimeOffset? NotBefore = null)
{
    /// <summary>
    /// An absolute link that carries a secret (an applicant's status token): appended to the message, and kept here
    /// only, so it leaves the database with the entry once the mail is sent (<see cref="Contracts.ApplicantMail"/>).
    /// </summary>
    public string? Link { get; init; }
}

public enum DeliveryState
{
    /// <summary>Claimed: about to be handed to the SMTP server. Found so later, the attempt's outcome is unknown.</summary>
    Sending,
    Sent,
    /// <summary>The recipient has no email address the platform knows of.</summary>
    Skipped,
    /// <summary>The last attempt failed; tried again from <see cref="EmailDelivery.NextAttemptAt"/>.</summary>
    Failed,
    /// <summary>Failed <c>Smtp:MaxAttempts</c> times: not tried again.</summary>
    GaveUp,
}

/// <summary>
/// One notification's email to one account (<see cref="StableIds.Delivery"/>): stored as <see cref="DeliveryState.Sending"/>
/// before the message goes to the SMTP server and as <see cref="DeliveryState.Sent"/> once the server took it.
/// </summary>
public sealed record EmailDelivery(
    Guid Id,
    Guid NotificationId,
    string AccountId,
    string? Address,
    DeliveryState State,
    int Attempts,
    DateTimeOffset At,
    DateTimeOffset? NextAttemptAt = null,
    string? LastError = null)
{
    public bool IsDone => State is DeliveryState.Sent or DeliveryState.Skipped or DeliveryState.GaveUp;

    /// <summary>The Message-ID of every attempt of this delivery: a resent copy is recognisably the same message.</summary>
    public static string MessageId(Guid deliveryId, string domain) => $"{deliveryId:N}@{domain}";
}

/// <summary>The <c>Smtp</c> settings; notifications are emailed only when <see cref="Host"/> is set.</summary>
public sealed class SmtpSettings
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary>MailKit's choice: <c>Auto</c> (TLS on 465, STARTTLS when offered), <c>None</c>, <c>StartTls</c>, <c>SslOnConnect</c>, <c>StartTlsWhenAvailable</c>.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender address; required with a host.</summary>
    public string? From { get; set; }

    /// <summary>How often the outbox is looked at.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Notifications older than this are not emailed any more (e.g. after a long outage, or once SMTP is configured).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Attempts per recipient before giving up.</summary>
    public int MaxAttempts { get; set; } = 5;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    /// <summary>
    /// The absolute address the platform's web pages are reached at (such as <c>https://opale.example/</c>), for links
    /// in emails; without it a link takes the scheme and host of the request that caused the mail.
    /// </summary>
    public string? LinkBase { get; set; }

    /// <summary>The right-hand side of Message-IDs: the sender's domain.</summary>
    public string MessageIdDomain => From is { } from && from.LastIndexOf('@') is var at and > 0 ? from[(at + 1)..] : "alfa-platform.invalid";
}

/// <summary>
/// Someone an audience reaches: their account (the reader key, as in <see cref="Caller.ActorId"/>), or
/// <c>person:{id}</c> for a registrant of the directory without an account, and their address, if any.
/// </summary>
public sealed record Recipient(string AccountId, string? Address);

/// <summary>
/// Who an audience reaches by email, when the email is sent: staff accounts; a partner company's accounts (its API
/// clients have no address); the active members of a routed team or of the teams of a routed organisation, through
/// the accounts their people are linked to. An account acts in its most privileged role, as when it reads: a staff
/// account that is also a member hears as staff. Addresses: a member's is their person's email in the directory;
/// staff and partners' their user name, which is an email (the first staff account, <c>admin</c>, has none and is
/// skipped). A meeting registrant is one person or one account: an active person of the directory at their email
/// (else their linked account's user name), whether or not they have an account (staff register people who have
/// none); a partner person's active account at its user name.
/// </summary>
public static class NotificationRecipients
{
    public static async Task<IReadOnlyList<Recipient>> ResolveAsync(IQuerySession session, string audience, CancellationToken cancellationToken)
    {
        var accounts = new AccountContacts(session);
        if (audience == Audiences.Staff)
        {
            var staff = await accounts.ActiveWithRoleAsync(Roles.Staff, cancellationToken);
            return [.. staff.Select(a => new Recipient(a.Id.ToString(), Plain(a.UserName)))];
        }

        if (Audiences.PartnerOf(audience) is { } company)
        {
            var partners = await accounts.ActiveOfPartnerAsync(company, cancellationToken);
            return [.. partners.Where(a => a.ActingRole == Roles.Partner).Select(a => new Recipient(a.Id.ToString(), Plain(a.UserName)))];
        }

        if (Audiences.TargetOf(audience) is { } target)
        {
            var members = (await new TeamMemberships(session).ActiveMembersOfTeamOrOrganisationAsync(target, cancellationToken))
                .Select(m => m.PersonId).Distinct().ToArray();
            if (members.Length == 0)
            {
                return [];
            }

            var people = (await new PeopleDirectory(session).ContactsAsync(members, cancellationToken))
                .Where(p => p.IsActive && p.AccountId != null)
                .ToList();
            var linked = (await accounts.FindManyAsync(people.Select(p => p.AccountId!.Value).Distinct(), cancellationToken))
                .Where(a => a.IsActive && a.ActingRole == Roles.Member)
                .ToDictionary(a => a.Id);
            return [.. people
                .Where(p => linked.ContainsKey(p.AccountId!.Value))
                .Select(p => new Recipient(p.AccountId!.Value.ToString(), Plain(p.Email) ?? Plain(linked[p.AccountId!.Value].UserName)))
                .DistinctBy(r => r.AccountId)];
        }

        if (Audiences.RegistrantOf(audience) is { } registrant)
        {
            return await RegistrantAsync(session, registrant, cancellationToken);
        }

        if (Audiences.ApplicantOf(audience) is { } application)
        {
            // The contact of a partner application, who has no account yet: its address as the application holds it now.
            var address = await PartnerApplicationContacts.ContactEmailAsync(session, application, cancellationToken);
            return [new Recipient(audience, Plain(address))];
        }

        throw new InvalidOperationException($"Unknown notification audience '{audience}'.");
    }

    /// <summary>The registrant id is a person's (the network's people) or an account's (a partner's people): GUIDs, so it names one.</summary>
    private static async Task<IReadOnlyList<Recipient>> RegistrantAsync(IQuerySession session, Guid registrant, CancellationToken cancellationToken)
    {
        var accounts = new AccountContacts(session);
        if ((await new PeopleDirectory(session).ContactsAsync([registrant], cancellationToken)).SingleOrDefault() is { } person)
        {
            if (!person.IsActive)
            {
                return [];
            }

            var account = person.AccountId is { } linked && await accounts.FindAsync(linked, cancellationToken) is { IsActive: true } active
                ? active
                : null;
            return [new Recipient(account?.Id.ToString() ?? EmailDeliveryErasure.PersonRecipient(registrant), Plain(person.Email) ?? Plain(account?.UserName))];
        }

        return await accounts.FindAsync(registrant, cancellationToken) is { IsActive: true } partner && partner.ActingRole == Roles.Partner
            ? [new Recipient(partner.Id.ToString(), Plain(partner.UserName))]
            : [];
    }

    private static string? Plain(string? address) => EmailAddresses.IsPlain(address) ? address!.Trim() : null;
}

/// <summary>
/// The emails sent to an erased recipient (ADR 0008): each delivery stays (which notification, to which account, when,
/// how it went), without the address, and without the last error, which an SMTP server may word with it.
/// </summary>
public static class EmailDeliveryErasure
{
    /// <summary>
    /// Queues the changes in <paramref name="session"/> for <paramref name="recipients"/>, as deliveries name them
    /// (an account id, or <c>person:{id}</c> for a registrant without one); idempotent.
    /// </summary>
    public static async Task ForgetAddressesAsync(IDocumentSession session, IReadOnlyCollection<string> recipients, CancellationToken cancellationToken)
    {
        var deliveries = await session.Query<EmailDelivery>()
            .Where(d => recipients.Contains(d.AccountId) && (d.Address != null || d.LastError != null))
            .ToListAsync(cancellationToken);
        foreach (var delivery in deliveries)
        {
            session.Update(delivery with { Address = null, LastError = null });
        }
    }

    /// <summary>How a delivery names a registrant of the directory who has no account.</summary>
    public static string PersonRecipient(Guid personId) => $"person:{personId:D}";
}

/// <summary>Notifications' part in every erasure: the party's email deliveries (<see cref="EmailDeliveryErasure"/>).</summary>
public sealed class EmailDeliveryErasureParticipant : IErasureParticipant
{
    public Task RemoveFromDocumentsAsync(IDocumentSession session, ErasedParty party, CancellationToken cancellationToken) =>
        EmailDeliveryErasure.ForgetAddressesAsync(
            session,
            [.. party.RegistrantIds.Select(id => id.ToString()), .. party.RegistrantIds.Select(EmailDeliveryErasure.PersonRecipient), .. party.MailedAs],
            cancellationToken);
}
