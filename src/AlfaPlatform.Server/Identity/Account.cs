using AlfaPlatform.Server.Identity.Contracts;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.People.Contracts;
using Marten;

namespace AlfaPlatform.Server.Identity;

/// <summary>Accounts, API clients and sign-in: the token endpoint, the password-change gate, the accounts' documents.</summary>
public sealed class IdentityModule : IFeatureModule
{
    public int Order => 100;

    public void AddServices(FeatureServices feature)
    {
        feature.Services.AddScoped<IAccountContacts, AccountContacts>();
        feature.Services.AddSingleton<IErasureParticipant, AccountErasureParticipant>();
        // Every node that writes accounts tells the others; a node serving requests also forgets them itself at once.
        feature.Services.ConfigureMarten((provider, options) => options.Listeners.Add(new SubjectChangeNotifier(provider.GetService<SubjectStandings>())));
        if (feature.ServesApi)
        {
            feature.Services.AddPlatformIdentity(feature.Configuration, feature.Environment);
        }
    }

    public void UseAfterSignIn(IApplicationBuilder app) => app.UsePasswordChangeGate();

    public void Map(WebApplication app) => app.MapIdentity();

    public void ConfigureStore(StoreOptions options)
    {
        // One account per user name, enforced by PostgreSQL, whatever the number of gateways.
        options.Schema.For<Account>().UniqueIndex(account => account.UserName);
        options.Schema.For<ApiClient>().Index(client => client.PartnerOrganisationId);
        options.Schema.For<ApiClientLastUse>();
        options.Storage.ExtendedSchemaObjects.Add(AccountLockout.Table(options.DatabaseSchemaName));
        options.Events.AddEventTypes(IdentityAudit.EventTypes);

        // Erasure of a linked person (ADR 0008): the account's opening event held their email as its user name.
        options.Events.AddMaskingRuleForProtectedInformation<AccountOpened>(e => e with { UserName = AccountErasure.UserNameOf(e.AccountId) });
    }
}

/// <summary>
/// A sign-in account: a person's user name (their email), password hash and roles. Accounts are linked to the
/// people of the directory when it exists (issue 4); until then the account carries the display name.
/// </summary>
public sealed record Account(
    Guid Id,
    string UserName,
    string DisplayName,
    string PasswordHash,
    IReadOnlyList<string> Roles,
    Guid? PartnerOrganisationId,
    bool IsActive,
    DateTimeOffset CreatedAt)
{
    /// <summary>
    /// Renewed with every password change. Tokens and web cookies carry the stamp they were issued under
    /// (<see cref="PlatformClaims.SessionStamp"/>); one that carries another stamp is refused, so a password change
    /// ends every session opened before it. Null only on accounts stored before stamps existed.
    /// </summary>
    public string? SessionStamp { get; init; }

    /// <summary>
    /// The password is one somebody else knows: generated when staff opened the account or approved a partner
    /// application, or the first staff account's. Until the person chooses their own, the API lets them do nothing
    /// else and the web sign-in asks for it first.
    /// </summary>
    public bool MustChangePassword { get; init; }

    public static string Normalise(string userName) => userName.Trim().ToLowerInvariant();

    public static string NewSessionStamp() => Guid.NewGuid().ToString("N");
}

/// <summary>A partner company's system, signing in with client credentials; revoked clients get no token.</summary>
public sealed record ApiClient(
    string Id,
    string Name,
    string SecretHash,
    Guid PartnerOrganisationId,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    public bool IsActive => RevokedAt is null;
}
