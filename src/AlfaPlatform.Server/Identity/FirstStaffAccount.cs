using AlfaPlatform.Server.Identity.Contracts;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Security;
using Marten;

namespace AlfaPlatform.Server.Identity;

/// <summary>
/// A fresh install has no one who can sign in. On the first start with no active staff account, this creates the
/// staff account "admin" with a one-time password: the configured Authentication:FirstStaffPassword, or a generated
/// one written to a file readable only by the platform's user (never to the logs). Changing the password deletes it.
/// </summary>
public sealed class FirstStaffAccount(
    IDocumentStore store, IdentitySettings settings, IConfiguration configuration, TimeProvider clock, ILogger<FirstStaffAccount> logger)
    : IHostedService
{
    public const string UserName = "admin";

    public static string PasswordFile(IdentitySettings settings) =>
        Path.Combine(settings.KeysPath ?? Infrastructure.Hosting.LocalFolders.Under("keys"), "first-staff-password.txt");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        if (await session.Query<Account>().AnyAsync(a => a.IsActive && a.Roles.Contains(Roles.Staff), cancellationToken))
        {
            return;
        }

        var configured = configuration["Authentication:FirstStaffPassword"];
        var password = configured is { Length: >= Passwords.MinimumLength } ? configured : Passwords.Generate();
        var account = new Account(
            Guid.CreateVersion7(), UserName, "Network office (first account)", Passwords.Hash(password), [Roles.Staff],
            PartnerOrganisationId: null, IsActive: true, clock.GetUtcNow())
        {
            SessionStamp = Account.NewSessionStamp(),
            MustChangePassword = true, // configured or generated, it is known outside the account: the first sign-in changes it
        };
        var opened = new AccountOpened(account.Id, account.UserName, account.Roles, null);
        var created = await RefusableWrites.TryInsertThenRecordAsync(store, account, unit =>
        {
            unit.Stamp(new CommandContext(CommandContext.System, "first-start", "first-start", Role: CommandContext.System));
            unit.Events.Append(account.Id, opened);
        }, cancellationToken);
        if (!created)
        {
            // Another node created it at the same moment, or an inactive 'admin' holds the name: say which.
            logger.LogWarning("No active staff account, and the first staff account '{UserName}' could not be created: the user name is taken", UserName);
            return;
        }

        if (configured == password)
        {
            logger.LogWarning("Created the first staff account '{UserName}' with the configured password", UserName);
            return;
        }

        var file = PasswordFile(settings);
        await LocalFolders.WritePrivateAsync(file, password + Environment.NewLine, cancellationToken);

        logger.LogWarning(
            "Created the first staff account '{UserName}'. Its one-time password is in {PasswordFile}: sign in (see README) and change it with POST /api/me/password, which deletes the file",
            UserName, file);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
