using Marten;

namespace AlfaPlatform.Server.Identity.Contracts;

/// <summary>
/// An account as other features may know it: who it is and how to reach it (its user name is an email, except the
/// first staff account's), its roles and partner company. Never its password hash or session stamp.
/// </summary>
public sealed record AccountContact(Guid Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, Guid? PartnerOrganisationId, bool IsActive)
{
    /// <summary>The role the account acts in: its most privileged (<see cref="Infrastructure.Security.Roles.All"/>).</summary>
    public string? ActingRole => Infrastructure.Security.Roles.All.FirstOrDefault(Roles.Contains);

    internal static AccountContact From(Account account) =>
        new(account.Id, account.UserName, account.DisplayName, account.Roles, account.PartnerOrganisationId, account.IsActive);
}

/// <summary>The account contact contract: what the email outbox, partner approval, people and the web app read of accounts.</summary>
public interface IAccountContacts
{
    Task<AccountContact?> FindAsync(Guid accountId, CancellationToken cancellationToken);

    /// <summary>The account as the accounts' API shows it (<see cref="AccountView"/>), for an answer that includes it.</summary>
    Task<AccountView?> ViewAsync(Guid accountId, CancellationToken cancellationToken);

    Task<IReadOnlyList<AccountContact>> FindManyAsync(IEnumerable<Guid> accountIds, CancellationToken cancellationToken);

    /// <summary>The active accounts holding <paramref name="role"/> (whatever role they act in).</summary>
    Task<IReadOnlyList<AccountContact>> ActiveWithRoleAsync(string role, CancellationToken cancellationToken);

    /// <summary>The active accounts bound to a partner company.</summary>
    Task<IReadOnlyList<AccountContact>> ActiveOfPartnerAsync(Guid organisationId, CancellationToken cancellationToken);

    /// <summary>Whether another account than <paramref name="exceptAccountId"/> holds <paramref name="email"/> as its user name (compared as user names are: normalised).</summary>
    Task<bool> UserNameTakenAsync(string email, Guid exceptAccountId, CancellationToken cancellationToken);
}

/// <summary>Reads the accounts through <paramref name="session"/>: the request's, or a background worker's own.</summary>
public sealed class AccountContacts(IQuerySession session) : IAccountContacts
{
    public async Task<AccountContact?> FindAsync(Guid accountId, CancellationToken cancellationToken) =>
        await session.LoadAsync<Account>(accountId, cancellationToken) is { } account ? AccountContact.From(account) : null;

    public async Task<AccountView?> ViewAsync(Guid accountId, CancellationToken cancellationToken) =>
        await session.LoadAsync<Account>(accountId, cancellationToken) is { } account ? AccountView.From(account) : null;

    public async Task<IReadOnlyList<AccountContact>> FindManyAsync(IEnumerable<Guid> accountIds, CancellationToken cancellationToken) =>
        [.. (await session.LoadManyAsync<Account>(cancellationToken, accountIds)).Select(AccountContact.From)];

    public async Task<IReadOnlyList<AccountContact>> ActiveWithRoleAsync(string role, CancellationToken cancellationToken) =>
        [.. (await session.Query<Account>().Where(a => a.IsActive && a.Roles.Contains(role)).ToListAsync(cancellationToken)).Select(AccountContact.From)];

    public async Task<IReadOnlyList<AccountContact>> ActiveOfPartnerAsync(Guid organisationId, CancellationToken cancellationToken) =>
        [.. (await session.Query<Account>().Where(a => a.IsActive && a.PartnerOrganisationId == organisationId).ToListAsync(cancellationToken)).Select(AccountContact.From)];

    public async Task<bool> UserNameTakenAsync(string email, Guid exceptAccountId, CancellationToken cancellationToken)
    {
        var userName = Account.Normalise(email);
        return await session.Query<Account>().AnyAsync(a => a.UserName == userName && a.Id != exceptAccountId, cancellationToken);
    }
}
