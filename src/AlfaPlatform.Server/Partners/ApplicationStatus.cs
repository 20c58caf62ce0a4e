using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using AlfaPlatform.Domain.Partners;
using AlfaPlatform.Server.Identity.Contracts;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Partners;

/// <summary>
/// The secret an applicant follows its application with: 32 random bytes, base64url (43 characters), given once in
/// the answer to the application and by email. Only its SHA-256 is stored, in the submission event.
/// </summary>
public static class ApplicationStatusTokens
{
    public const int TokenLength = 43;

    public static (string Token, string Hash) New()
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (token, HashOf(token));
    }

    /// <summary>The stored form: SHA-256 of the token's characters, lowercase hex.</summary>
    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A token the platform could have made: 43 base64url characters.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: TokenLength } && Base64Url.IsValid(token, out var length) && length == 32;

    /// <summary>Compares two stored forms in constant time.</summary>
    public static bool Matches(string? stored, string computed) =>
        stored is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(computed));

    /// <summary>The web page that shows the status: the path the link points to.</summary>
    public static string StatusPath(string token) => $"/apply/status/{token}";
}

/// <summary>What an applicant sees of its application on the status page: no contact data, nothing of others.</summary>
/// <param name="UserName">The partner account's user name once approved, so the page can say "sign in as …".</param>
public sealed record ApplicationStatusView(
    string CompanyName,
    ApplicationStatus Status,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? DecidedAt,
    string? RejectionReason,
    string? UserName);

/// <summary>
/// An applicant reads its application's status with its secret token (anonymous; also called in process by the web
/// page). An unknown or malformed token is null (404): the answer is the same whether or not any application exists.
/// </summary>
public static class GetApplicationStatus
{
    public sealed record Query(string Token) : IQuery<ApplicationStatusView?>;

    public sealed class Handler(IQuerySession session, IAccountContacts accounts) : IQueryHandler<Query, ApplicationStatusView?>
    {
        public async ValueTask<ApplicationStatusView?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!ApplicationStatusTokens.IsWellFormed(query.Token))
            {
                return null;
            }

            // Found by its hash (indexed), then compared once more in constant time: the lookup learns nothing a
            // guesser could use, as 256 random bits cannot be enumerated.
            var hash = ApplicationStatusTokens.HashOf(query.Token);
            var record = await session.Query<StreamRecord<PartnerApplication>>()
                .Where(x => x.State.StatusTokenHash == hash)
                .FirstOrDefaultAsync(cancellationToken);
            if (record is null || !ApplicationStatusTokens.Matches(record.State.StatusTokenHash, hash))
            {
                return null;
            }

            var application = record.State;
            var decidedAt = application.Status == ApplicationStatus.Pending ? null : await DecidedAtAsync(record.Id, cancellationToken);
            var userName = application is { Status: ApplicationStatus.Approved, AccountId: { } accountId, ContactErased: false }
                && await accounts.FindAsync(accountId, cancellationToken) is { IsActive: true } account
                ? account.UserName
                : null;
            return new ApplicationStatusView(
                application.CompanyName, application.Status, record.CreatedAt, decidedAt,
                application.Status == ApplicationStatus.Rejected ? application.RejectionReason : null, userName);
        }

        /// <summary>When the decision was recorded: its event's time (a later erasure moves the record's, not this).</summary>
        private async Task<DateTimeOffset?> DecidedAtAsync(Guid applicationId, CancellationToken cancellationToken)
        {
            var events = await session.Events.FetchStreamAsync(applicationId, token: cancellationToken);
            return events.FirstOrDefault(e => e.Data is PartnerApplicationApproved or PartnerApplicationRejected)?.Timestamp;
        }
    }
}
