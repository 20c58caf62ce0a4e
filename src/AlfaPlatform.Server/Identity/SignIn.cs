using System.Security.Claims;
using AlfaPlatform.Server.Infrastructure.Messaging;
using Marten;
using Mediator;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Identity.Contracts;
using AlfaPlatform.Server.Organisations.Contracts;

namespace AlfaPlatform.Server.Identity;

/// <summary>
/// The token endpoint's decision (OpenIddict has already checked the request is well formed): a person signs in
/// with user name and password, a partner's system with its client id and secret. Failures are logged without
/// secrets and answered alike, so they reveal nothing about which part was wrong. A user name locked after repeated
/// failures (<see cref="AccountLockout"/>) is refused before its password is checked, with how long to wait.
/// </summary>
public static class SignIn
{
    public sealed record Query(string? GrantType, string? UserName, string? Password, string? ClientId, string? ClientSecret, string? Address)
        : IQuery<Result>;

    /// <param name="MustChangePassword">
    /// The password was a one-time one: the token opens only <c>GET /api/me</c> and <c>POST /api/me/password</c>, and
    /// the web sign-in asks for a new password before anything else.
    /// </param>
    /// <param name="RetryAfter">Set when the user name is locked: the caller answers 429 and waits this long.</param>
    public sealed record Result(
        ClaimsPrincipal? Principal, string? Error = null, string? Description = null, bool MustChangePassword = false, TimeSpan? RetryAfter = null);

    /// <summary>The answer to a locked user name: the same whether or not an account has it.</summary>
    public const string LockedDescription = "Too many failed sign-ins for this user name: try again later.";

    public sealed class Handler(IQuerySession session, IOrganisationDirectory organisations, AccountLockout lockout, ApiClientUses uses, ILogger<Handler> logger) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken) => query.GrantType switch
        {
            GrantTypes.Password => await PersonAsync(query, cancellationToken),
            GrantTypes.ClientCredentials => await ClientAsync(query, cancellationToken),
            _ => new Result(null, Errors.UnsupportedGrantType, "Use the password or client_credentials grant."),
        };

        private async Task<Result> PersonAsync(Query query, CancellationToken cancellationToken)
        {
            var userName = Account.Normalise(query.UserName ?? "");
            if (await lockout.AttemptAsync(userName, cancellationToken) is { } wait)
            {
                logger.LogWarning("Sign-in refused for user {UserName} from {Address}: locked after repeated failures", Bounded(userName), query.Address);
                return new Result(null, Errors.InvalidGrant, LockedDescription, RetryAfter: wait);
            }

            var account = await session.Query<Account>().FirstOrDefaultAsync(a => a.UserName == userName && a.IsActive, cancellationToken);
            if (!Passwords.Verify(account?.PasswordHash, query.Password ?? "") || account is null)
            {
                logger.LogWarning("Sign-in refused for user {UserName} from {Address}", Bounded(userName), query.Address);
                await lockout.FailedAsync(userName, cancellationToken);
                return new Result(null, Errors.InvalidGrant, "The user name or password is not valid.");
            }

            await lockout.SucceededAsync(userName, cancellationToken);

            return await ClosedCompanyAsync(account.PartnerOrganisationId, cancellationToken)
                ?? new Result(
                    Principal(account.Id.ToString(), account.DisplayName, account.Roles, account.PartnerOrganisationId, account.SessionStamp),
                    MustChangePassword: account.MustChangePassword);
        }

        private async Task<Result> ClientAsync(Query query, CancellationToken cancellationToken)
        {
            var client = query.ClientId is { Length: > 0 } id ? await session.LoadAsync<ApiClient>(id, cancellationToken) : null;
            if (!Passwords.Verify(client?.SecretHash, query.ClientSecret ?? "") || client is not { IsActive: true })
            {
                logger.LogWarning("Sign-in refused for API client {ClientId} from {Address}", Bounded(query.ClientId), query.Address);
                return new Result(null, Errors.InvalidClient, "The client id or secret is not valid.");
            }

            if (await ClosedCompanyAsync(client.PartnerOrganisationId, cancellationToken) is { } closed)
            {
                return closed;
            }

            await uses.UsedAsync(client.Id, cancellationToken);
            return new Result(Principal(TokenSubjects.OfClient(client.Id), client.Name, [Roles.Partner], client.PartnerOrganisationId));
        }

        /// <summary>A partner's people and systems sign in only while their company is an active partner company.</summary>
        private async Task<Result?> ClosedCompanyAsync(Guid? company, CancellationToken cancellationToken) =>
            company is { } id && await PartnerCompanies.CheckAsync(organisations, id, cancellationToken) is { } closed
                ? new Result(null, Errors.InvalidGrant, $"Access for this company is closed ({closed.Code}).")
                : null;

        /// <summary>What a caller typed is logged, but not at any length they choose.</summary>
        private static string? Bounded(string? value) => value is { Length: > 100 } ? value[..100] + "…" : value;

        private static ClaimsPrincipal Principal(string subject, string name, IEnumerable<string> roles, Guid? organisation, string? sessionStamp = null)
        {
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, PlatformClaims.Name, PlatformClaims.Role);
            identity.SetClaim(PlatformClaims.Subject, subject)
                .SetClaim(PlatformClaims.Name, name)
                .SetClaims(PlatformClaims.Role, [.. roles]);
            if (organisation is { } partner)
            {
                identity.SetClaim(PlatformClaims.Organisation, partner.ToString());
            }

            if (sessionStamp is not null)
            {
                identity.SetClaim(PlatformClaims.SessionStamp, sessionStamp);
            }

            identity.SetDestinations(_ => [Destinations.AccessToken]);
            return new ClaimsPrincipal(identity);
        }
    }
}
