using System.Net.Http.Json;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Marten;
using Marten.Events;

namespace AlfaPlatform.Server.Tests.Web;

/// <summary>
/// The platform with the OPALE network seeded, on a loopback port, and the machine's Chromium (the Debian package)
/// driven headless by Playwright. One browser for the collection; each test opens its own context (its own cookies).
/// </summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    public const string Password = "a-long-enough-password";

    public SeededPlatformFixture Platform { get; } = new();

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Platform.InitializeAsync();
        BaseUrl = Platform.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await Platform.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Platform.DisposeAsync();
    }

    /// <summary>Staff open an account with <paramref name="role"/>; returns its user name (the password is <see cref="Password"/>).</summary>
    public async Task<string> AccountAsync(string role, Guid? partnerOrganisationId = null)
    {
        var userName = $"{role}-{Guid.NewGuid():N}@example.org";
        var created = await Platform.Client.PostAsJsonAsync("/api/accounts", new
        {
            userName, displayName = $"Test {role}", roles = new[] { role }, partnerOrganisationId, password = Password,
        });
        created.EnsureSuccessStatusCode();
        return userName;
    }

    /// <summary>A fresh browser context (no cookies) with a laptop-sized window.</summary>
    public async Task<IPage> NewPageAsync(int width = 1366, int height = 900)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseUrl, ViewportSize = new() { Width = width, Height = height }, AcceptDownloads = true });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the sign-in page, as a person does, and waits until the page it lands on is live.</summary>
    public static async Task SignInAsync(IPage page, string userName, string path = "/")
    {
        await page.GotoAsync(path);
        await page.Locator("#userName").FillAsync(userName);
        await page.Locator("#password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Waits until the dashboard page <paramref name="name"/> is interactive and has its figures.</summary>
    public static Task<IElementHandle?> ReadyAsync(IPage page, string name) =>
        page.WaitForSelectorAsync($"[data-page='{name}'][data-ready='true']");
}

[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<WebAppFixture>
{
    public const string Name = "web app";
}
