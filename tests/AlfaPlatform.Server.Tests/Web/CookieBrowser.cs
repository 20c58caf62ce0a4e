using System.Net;
using System.Text.RegularExpressions;

namespace AlfaPlatform.Server.Tests.Web;

/// <summary>
/// The web app over plain HTTP, where a real browser adds nothing: a cookie jar, redirects not followed (so a test
/// sees where it is sent), and forms posted with the antiforgery token of the page that shows them.
/// </summary>
public sealed partial class CookieBrowser(string baseAddress) : IDisposable
{
    public CookieContainer Cookies { get; } = new();

    public Uri BaseAddress { get; } = new(baseAddress);

    private HttpClient Http => _http ??= new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = BaseAddress };

    private HttpClient? _http;

    /// <summary>Opens <paramref name="pagePath"/>, then posts its form to <paramref name="action"/> with <paramref name="fields"/>.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string pagePath, string action, Dictionary<string, string> fields)
    {
        var page = await Http.GetStringAsync(pagePath);
        var input = AntiforgeryInput().Match(page);
        Assert.True(input.Success, $"{pagePath} shows a form with an antiforgery token");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(input.Groups["value"].Value);
        return await Http.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>The sign-in page's form; answers where the sign-in sends the browser.</summary>
    public async Task<string> SignInAsync(string userName, string password, string returnUrl = "/")
    {
        var response = await SubmitAsync("/signin", "/web/signin", new() { ["userName"] = userName, ["password"] = password, ["returnUrl"] = returnUrl });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    /// <summary>Opens a page: null when it is shown, else where the browser is sent instead (or the status code).</summary>
    public async Task<string?> OpenAsync(string path)
    {
        var response = await Http.GetAsync(path);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => null,
            HttpStatusCode.Redirect => response.Headers.Location!.OriginalString,
            var other => other.ToString(),
        };
    }

    public Task<string> ReadAsync(string path) => Http.GetStringAsync(path);

    /// <summary>The web app's sign-in cookie, as another node would receive it.</summary>
    public Cookie SignInCookie => Cookies.GetCookies(BaseAddress)["alfa.web"] ?? throw new InvalidOperationException("Not signed in.");

    public void Dispose() => _http?.Dispose();

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"(?<value>[^\"]+)\"|<input[^>]*value=\"(?<value>[^\"]+)\"[^>]*name=\"__RequestVerificationToken\"")]
    private static partial Regex AntiforgeryInput();
}
