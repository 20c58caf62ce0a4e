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
        session.Insert(new Account(
            Guid.CreateVersion7(), UserName, "Network office (first account)", Passwords.Hash(password), [Roles.Staff],
            PartnerOrganisationId: null, IsActive: true, clock.GetUtcNow()));
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (Infrastructure.Postgres.DatabaseErrors.IsUniqueViolation(e))
        {
            return; // another node created it at the same moment
        }

        if (configured == password)
        {
            logger.LogWarning("Created the first staff account '{UserName}' with the configured password", UserName);
            return;
        }

        var file = PasswordFile(settings);
        await File.WriteAllTextAsync(file, password + Environment.NewLine, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        logger.LogWarning(
            "Created the first staff account '{UserName}'. Its one-time password is in {PasswordFile}: sign in (see README) and change it with POST /api/me/password, which deletes the file",
            UserName, file);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
