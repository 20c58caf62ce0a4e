using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

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
        if (!File.Exists(Chromium) || (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(Chromium) & UnixFileMode.UserExecute) == 0))
        {
            throw new InvalidOperationException(
                $"The browser tests drive the Debian Chromium at {Chromium}, which this machine lacks: run the tests with " +
                "README's command, `bash scripts/test.sh`, which installs it (or `apt-get install chromium`).");
        }

        await Platform.InitializeAsync();
        BaseUrl = Platform.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await PartnerRequestsAsync();
        await Platform.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
    }

    /// <summary>The seed has no collaboration requests: a partner company drafts three and submits two, so the pipeline has a funnel.</summary>
    private async Task PartnerRequestsAsync()
    {
        using var partner = await Platform.SignInAsPartnerOfANewCompanyAsync();
        foreach (var (title, submit) in new[] { ("MRD follow-up in NPM1 AML", true), ("Cohort access for CAR-T outcomes", true), ("Marker licence", false) })
        {
            var drafted = await partner.SendJsonAsync(HttpMethod.Post, "/api/collaborations", new { title, summary = "A request of the browser tests" });
            drafted.EnsureSuccessStatusCode();
            var id = (await drafted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
            if (submit)
            {
                (await partner.PostAsync($"/api/collaborations/{id}/submit", null)).EnsureSuccessStatusCode();
            }
        }
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
        // A navigation that follows a command waits for its append and the next page's first render: on a 2-core CI
        // runner with every test collection at work, that once took longer than 15 s (a register, then its page).
        context.SetDefaultNavigationTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the sign-in page, as a person does, and waits until the page it lands on is live.</summary>
    public static async Task SignInAsync(IPage page, string userName, string path = "/")
    {
        await page.GotoAsync(path);
        await page.Locator("#userName").FillAsync(userName);
        await page.Locator("#password").FillAsync(Password);
        await page.GetByTestId("signin-form").Locator("button[type=submit]").ClickAsync(); // "Sign in" or "Se connecter"
    }

    /// <summary>
    /// Chooses a day in the app bar's date input (the browser's own picker), or in another "as of" input (a record
    /// page's), and waits until the address carries it. Filling fires the input's change event; under load a first
    /// attempt can race the circuit, so it is tried again.
    /// </summary>
    public static async Task ChooseAsOfAsync(IPage page, string day, ILocator? asOfInput = null)
    {
        var input = asOfInput ?? page.GetByTestId("as-of-picker").Locator("input");
        for (var attempt = 1; ; attempt++)
        {
            await input.FillAsync(day);
            try
            {
                await ArrivedAsync(page, new Regex($"asOf={day}"), timeout: 5_000);
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
                await input.FillAsync("");
            }
        }
    }

    /// <summary>
    /// Waits until the page's address matches <paramref name="address"/>. Polls the address rather than using
    /// <c>WaitForURLAsync</c>: that checks the address, then listens for the next navigation, and a Blazor navigation
    /// (a history push) that lands between the two is never heard, so it waits out its time-out on the right page.
    /// </summary>
    public static Task ArrivedAsync(IPage page, Regex address, float timeout = 30_000) =>
        Assertions.Expect(page).ToHaveURLAsync(address, new() { Timeout = timeout });

    /// <summary>
    /// Waits for the page a command leads to. When it never comes, the failure says what the browser showed instead
    /// (an alert, the problem beside a field, Blazor's error or reconnection banner) and what the server logged.
    /// </summary>
    public async Task AfterCommandAsync(IPage page, Func<Task> nextPage)
    {
        try
        {
            await nextPage();
        }
        catch (Exception notThere) when (notThere is PlaywrightException or TimeoutException)
        {
            var shown = await page.Locator("[role=alert], [data-problem-for], #blazor-error-ui, #components-reconnect-modal").AllInnerTextsAsync();
            var logged = Platform.Logs.Lines.Where(line => line.StartsWith("Warning", StringComparison.Ordinal)
                || line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal)).TakeLast(20);
            throw new TimeoutException(
                $"{notThere.Message}\nStill at {page.Url}, showing: {string.Join(" | ", shown.Where(s => s.Length > 0))}\n" +
                $"The server's last warnings and errors:\n{string.Join("\n", logged)}", notThere);
        }
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

/// <summary>
/// The network office's and the members' pages, on a platform and browser of their own: browser tests run one after
/// another within a collection, so two collections let the suite run them two at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OfficeWebAppCollection : ICollectionFixture<WebAppFixture>
{
    public const string Name = "web app: office and members";
}
