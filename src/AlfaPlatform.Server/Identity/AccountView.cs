using AlfaPlatform.Server.Infrastructure.Security;
namespace AlfaPlatform.Server.Identity;

/// <summary>An account as the API shows it: never its password hash.</summary>
/// <param name="MustChangePassword">The password is still a one-time one: the person has not chosen their own yet.</param>
public sealed record AccountView(
    Guid Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, Guid? PartnerOrganisationId, bool IsActive, bool MustChangePassword)
{
    public static AccountView From(Account account) =>
        new(account.Id, account.UserName, account.DisplayName, account.Roles, account.PartnerOrganisationId, account.IsActive, account.MustChangePassword);
}
