using AlfaPlatform.Server.Infrastructure.Postgres;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Server.Tests.Web;

/// <summary>
/// Two nodes of one deployment on one database, each with a disk of its own (where ASP.NET Core would keep its
/// data-protection keys by default): a web sign-in made on one is accepted by the other, and survives a restart.
/// </summary>
public sealed class SharedKeyRingTests : OwnDatabaseTests
{
    private static Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder> OwnDisk() => builder =>
        builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(ThrowawayClusters.NewFolder()));

    [Fact]
    public async Task a_web_sign_in_made_on_one_node_is_accepted_by_another_and_after_a_restart()
    {
        var first = await StartAsync(configure: OwnDisk());
        var second = await StartAsync(configure: OwnDisk());
        using var staff = await PlatformFixture.CreateClientAsync(first);
        var userName = $"roaming-{Guid.NewGuid():N}@example.org";
        (await staff.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName, displayName = "Roaming viewer", roles = new[] { "viewer" }, password = "a-long-enough-password",
        })).EnsureSuccessStatusCode();
        using var onFirst = new CookieBrowser(PlatformFixture.CreateClient(first).BaseAddress!.ToString());
        Assert.Equal("/", await onFirst.SignInAsync(userName, "a-long-enough-password"));
        Assert.Null(await onFirst.OpenAsync("/overview"));

        using var onSecond = new CookieBrowser(PlatformFixture.CreateClient(second).BaseAddress!.ToString());
        onSecond.Cookies.Add(onSecond.BaseAddress, onFirst.SignInCookie);
        Assert.Null(await onSecond.OpenAsync("/overview"));

        await StopAsync(first);
        await StopAsync(second);
        var restarted = await StartAsync(configure: OwnDisk());
        using var afterRestart = new CookieBrowser(PlatformFixture.CreateClient(restarted).BaseAddress!.ToString());
        afterRestart.Cookies.Add(afterRestart.BaseAddress, onFirst.SignInCookie);
        Assert.Null(await afterRestart.OpenAsync("/overview"));
    }
}
