using System.Security.Claims;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Web.Components;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MudBlazor.Services;
using static OpenIddict.Abstractions.OpenIddictConstants;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Identity.Contracts;
using AlfaPlatform.Server.Web.Localization;

namespace AlfaPlatform.Server.Web;

/// <summary>
/// The dashboards' web app (Blazor, interactive on the server, MudBlazor), served by every node that serves the API.
/// People sign in with a cookie of its own scheme, issued after the same password check as the token endpoint; the
/// API never accepts that cookie (its routes authenticate with bearer tokens only), and the pages read dashboards
/// in-process through the mediator as the signed-in person. The account is checked again on every request carrying
/// the cookie and, while a page is open, by its circuit (<see cref="WebSessionRevalidation"/>). A person whose
/// password is a one-time one gets no cookie: a short-lived one of its own scheme leads them to choose a password first.
/// </summary>
public static class WebApp
{
    /// <summary>The web app's cookie scheme: used only by the pages and the circuit, never by /api.</summary>
    public const string CookieScheme = "web";

    /// <summary>Every page unless it says otherwise (public pages are <c>[AllowAnonymous]</c>): signed in with the web cookie.</summary>
    public const string SignedInPolicy = "web-signed-in";

    /// <summary>The network's pages (the dashboards): staff, members and viewers; partners get the styled 403.</summary>
    public const string NetworkPolicy = "web-network";

    /// <summary>The network office's pages (organisations, rosters, triage, meetings, accounts, the Carnot report): staff only.</summary>
    public const string StaffPolicy = "web-staff";

    /// <summary>A partner company's workspace: its people (accounts with the partner role bound to the company).</summary>
    public const string PartnerPolicy = "web-partner";

    /// <summary>A member's workspace (their teams' inbox, their teams): researchers with the member role.</summary>
    public const string MemberPolicy = "web-member";

    /// <summary>Pages of those who register for meetings as themselves: members and partner companies' people.</summary>
    public const string AttendeePolicy = "web-attendee";

    /// <summary>
    /// Between a sign-in with a one-time password and choosing a new one: it names the account and opens only the
    /// change-password page and its form, for ten minutes.
    /// </summary>
    public const string PasswordChangeScheme = "web-password-change";

    public const string PasswordChangePath = "/signin/password";

    public static IServiceCollection AddWebApp(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, WebSessionRevalidation>();
        services.AddScoped<WebMediator>();
        services.AddScoped(typeof(Localization.Text<>));
        services.AddWebCultures();
        services.AddStyledStatusPages();
        services.AddSharedKeyRing();

        // Behind a TLS proxy a request may look like plain HTTP: wherever the platform requires HTTPS
        // (Authentication:RequireHttps, by default outside Development) the cookie is Secure whatever it looks like.
        foreach (var scheme in new[] { CookieScheme, PasswordChangeScheme })
        {
            services.AddOptions<CookieAuthenticationOptions>(scheme).PostConfigure<IdentitySettings, IHostEnvironment>((options, settings, environment) =>
            {
                if (settings.RequireHttps ?? !environment.IsDevelopment())
                {
                    options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                }
            });
        }

        services.AddAuthentication().AddCookie(PasswordChangeScheme, options =>
        {
            options.Cookie.Name = "alfa.web.password";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.Path = "/";
            options.ExpireTimeSpan = TimeSpan.FromMinutes(10);
            options.SlidingExpiration = false;
        });
        services.AddAuthentication().AddCookie(CookieScheme, options =>
        {
            options.Cookie.Name = "alfa.web";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Always wherever HTTPS is required: below
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.LoginPath = "/signin";
            options.ReturnUrlParameter = "returnUrl";
            options.Events = new CookieAuthenticationEvents
            {
                // Signed in, but the page is not for this role (a partner typing a dashboard's address): a styled 403
                // on the page itself, in the person's language, not a redirect.
                OnRedirectToAccessDenied = context => StatusPages.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden),
                // A deactivated or erased account's cookie stops working at once, as its tokens do, and so does every
                // cookie issued before a password change.
                OnValidatePrincipal = async context =>
                {
                    var subjects = context.HttpContext.RequestServices.GetRequiredService<TokenSubjects>();
                    if (context.Principal is not { } user || await subjects.StandingAsync(user, context.HttpContext.RequestAborted) != SubjectStanding.Active)
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieScheme);
                    }
                },
            };
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(SignedInPolicy, policy => policy.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser())
            .AddPolicy(NetworkPolicy, policy => policy.AddAuthenticationSchemes(CookieScheme).RequireRole(Roles.Staff, Roles.Member, Roles.Viewer))
            .AddPolicy(StaffPolicy, policy => policy.AddAuthenticationSchemes(CookieScheme).RequireRole(Roles.Staff))
            .AddPolicy(PartnerPolicy, policy => policy.AddAuthenticationSchemes(CookieScheme).RequireRole(Roles.Partner)
                .RequireClaim(PlatformClaims.Organisation))
            .AddPolicy(MemberPolicy, policy => policy.AddAuthenticationSchemes(CookieScheme).RequireRole(Roles.Member))
            .AddPolicy(AttendeePolicy, policy => policy.AddAuthenticationSchemes(CookieScheme).RequireRole(Roles.Member, Roles.Partner));
        return services;
    }

    public static WebApplication MapWebApp(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous().DisableRateLimiting();
        var pages = app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .RequireAuthorization(SignedInPolicy);

        // The circuit's hub (/_blazor) opens for anyone, so public pages (the calendar, applying) are interactive
        // too; each page is still authorized by the router (AuthorizeRouteView) with the circuit's person.
        pages.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } route } && route.TrimStart('/').StartsWith("_blazor", StringComparison.Ordinal))
            {
                endpoint.Metadata.Add(new AllowAnonymousAttribute());
            }
        });

        // An address no endpoint knows answers the status-code pages: styled for a person's browser (StatusPages),
        // problem details for the API; no fallback endpoint, which would also swallow every 405.

        // The language switch: remembered in a cookie for a year; a full reload, since a page's circuit keeps the
        // culture of the request that opened it.
        app.MapGet("/web/language/{language}", (string language, string? returnUrl, HttpContext http) =>
            {
                if (WebCultures.ForLanguage(language) is { } culture)
                {
                    WebCultures.RememberChoice(http.Response, culture);
                }

                return Results.LocalRedirect(returnUrl is { Length: > 0 } url && IsLocal(url) ? url : "/");
            })
            .AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();

        app.MapPost("/web/signin", SignInAsync).AllowAnonymous().RequireRateLimiting(RateLimits.SignInPolicy).ExcludeFromDescription();
        app.MapPost("/web/password", ChangePasswordAsync).AllowAnonymous().RequireRateLimiting(RateLimits.SignInPolicy).ExcludeFromDescription();
        app.MapPost("/web/profile/password", ChangeOwnPasswordAsync)
            .RequireAuthorization(SignedInPolicy).RequireRateLimiting(RateLimits.SignInPolicy).ExcludeFromDescription();
        app.MapPost("/web/signout", async (HttpContext http) =>
            {
                await http.SignOutAsync(CookieScheme);
                await http.SignOutAsync(PasswordChangeScheme);
                return Results.LocalRedirect("/signin");
            })
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>The form of the sign-in page: the token endpoint's password check (<see cref="SignIn"/>), then the cookie.</summary>
    private static async Task<IResult> SignInAsync(
        [FromForm(Name = "userName")] string? userName, [FromForm(Name = "password")] string? password,
        [FromForm(Name = "returnUrl")] string? returnUrl, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var back = returnUrl is { Length: > 0 } url && IsLocal(url) ? url : "/";
        var result = await mediator.Send(new SignIn.Query(GrantTypes.Password, userName, password, null, null,
            http.Connection.RemoteIpAddress?.ToString()), ct);
        if (result.RetryAfter is not null)
        {
            return Results.LocalRedirect($"/signin?locked=true&returnUrl={Uri.EscapeDataString(back)}");
        }

        if (result.Principal is not { } principal)
        {
            return Results.LocalRedirect($"/signin?failed=true&returnUrl={Uri.EscapeDataString(back)}");
        }

        if (result.MustChangePassword)
        {
            await http.SignOutAsync(CookieScheme); // whoever was signed in before in this browser
            await http.SignInAsync(PasswordChangeScheme, CookiePrincipal(principal, PasswordChangeScheme));
            return Results.LocalRedirect($"{PasswordChangePath}?returnUrl={Uri.EscapeDataString(back)}");
        }

        await http.SignInAsync(CookieScheme, CookiePrincipal(principal, CookieScheme));
        return Results.LocalRedirect(back);
    }

    /// <summary>
    /// The change-password page's form, after a sign-in with a one-time password: the account's own password change
    /// (<see cref="ChangePassword"/>, proving the one-time password again), then a sign-in with the new one.
    /// </summary>
    private static async Task<IResult> ChangePasswordAsync(
        [FromForm(Name = "currentPassword")] string? currentPassword, [FromForm(Name = "newPassword")] string? newPassword,
        [FromForm(Name = "repeatPassword")] string? repeatPassword, [FromForm(Name = "returnUrl")] string? returnUrl,
        HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var back = returnUrl is { Length: > 0 } url && IsLocal(url) ? url : "/";
        var pending = await http.AuthenticateAsync(PasswordChangeScheme);
        var subjects = http.RequestServices.GetRequiredService<TokenSubjects>();
        if (pending.Principal is not { } person || await subjects.StandingAsync(person, ct) != SubjectStanding.PasswordChangeRequired)
        {
            // Ten minutes passed, or the account changed meanwhile (deactivated, password already changed): sign in again.
            await http.SignOutAsync(PasswordChangeScheme);
            return Results.LocalRedirect($"/signin?returnUrl={Uri.EscapeDataString(back)}");
        }

        string Again(string problem) => $"{PasswordChangePath}?problem={problem}&returnUrl={Uri.EscapeDataString(back)}";
        if (newPassword != repeatPassword)
        {
            return Results.LocalRedirect(Again("mismatch"));
        }

        http.RequestServices.GetRequiredService<Infrastructure.Security.Caller>().ActAs(person);
        try
        {
            if ((await mediator.Send(new ChangePassword.Command(currentPassword, newPassword), ct)).Rejection is { } refused)
            {
                return Results.LocalRedirect(Again(refused.Code == "wrong_password" ? "wrong" : "refused"));
            }
        }
        catch (Infrastructure.Messaging.RequestValidationException)
        {
            return Results.LocalRedirect(Again("invalid"));
        }
        catch (Infrastructure.Http.TooManyAttemptsException) // the account is locked after too many wrong passwords
        {
            return Results.LocalRedirect($"/signin?locked=true&returnUrl={Uri.EscapeDataString(back)}");
        }

        await http.SignOutAsync(PasswordChangeScheme);
        var userName = await AccountUserNameAsync(http, person, ct);
        return await SignInWithNewPasswordAsync(http, mediator, userName, newPassword, back, back, ct);
    }

    /// <summary>
    /// The profile page's form: the signed-in person's own password change. The change ends every session of the
    /// account, this one included, so the person is signed in again with the new password, back on their profile.
    /// </summary>
    private static async Task<IResult> ChangeOwnPasswordAsync(
        [FromForm(Name = "currentPassword")] string? currentPassword, [FromForm(Name = "newPassword")] string? newPassword,
        [FromForm(Name = "repeatPassword")] string? repeatPassword, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        const string profile = "/profile";
        if (newPassword != repeatPassword)
        {
            return Results.LocalRedirect($"{profile}?problem=mismatch");
        }

        // The caller of this request is the cookie's person (the API's caller identity reads bearer tokens only).
        http.RequestServices.GetRequiredService<Infrastructure.Security.Caller>().ActAs(http.User);

        try
        {
            if ((await mediator.Send(new ChangePassword.Command(currentPassword, newPassword), ct)).Rejection is { } refused)
            {
                return Results.LocalRedirect($"{profile}?problem={(refused.Code == "wrong_password" ? "wrong" : "refused")}");
            }
        }
        catch (Infrastructure.Messaging.RequestValidationException)
        {
            return Results.LocalRedirect($"{profile}?problem=invalid");
        }
        catch (Infrastructure.Http.TooManyAttemptsException) // the account is locked after too many wrong passwords
        {
            await http.SignOutAsync(CookieScheme);
            return Results.LocalRedirect($"/signin?locked=true&returnUrl={Uri.EscapeDataString(profile)}");
        }

        var userName = await AccountUserNameAsync(http, http.User, ct);
        await http.SignOutAsync(CookieScheme);
        return await SignInWithNewPasswordAsync(http, mediator, userName, newPassword, $"{profile}?changed=true", profile, ct);
    }

    /// <summary>
    /// After a password change, which ends every session of the account: the web cookie again, through the same
    /// check as the sign-in form, then on to <paramref name="next"/> (or sign-in, e.g. deactivated meanwhile).
    /// </summary>
    private static async Task<IResult> SignInWithNewPasswordAsync(
        HttpContext http, IMediator mediator, string? userName, string? newPassword, string next, string back, CancellationToken ct)
    {
        var signedIn = await mediator.Send(new SignIn.Query(GrantTypes.Password, userName, newPassword, null, null,
            http.Connection.RemoteIpAddress?.ToString()), ct);
        if (signedIn.Principal is not { } principal)
        {
            return Results.LocalRedirect($"/signin?returnUrl={Uri.EscapeDataString(back)}");
        }

        await http.SignInAsync(CookieScheme, CookiePrincipal(principal, CookieScheme));
        return Results.LocalRedirect(next);
    }

    private static async Task<string?> AccountUserNameAsync(HttpContext http, ClaimsPrincipal person, CancellationToken ct) =>
        Guid.TryParse(person.FindFirstValue(PlatformClaims.Subject), out var id)
            ? (await http.RequestServices.GetRequiredService<IAccountContacts>().FindAsync(id, ct))?.UserName
            : null;

    private static ClaimsPrincipal CookiePrincipal(ClaimsPrincipal principal, string scheme) => new(new ClaimsIdentity(
        principal.Claims.Select(c => new Claim(c.Type, c.Value)), scheme, PlatformClaims.Name, PlatformClaims.Role));

    private static bool IsLocal(string url) => Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult.IsLocalUrl(url);

}

/// <summary>
/// The pages' way to the platform: each query or command in its own scope (its own Marten session), through the same
/// mediator and pipeline as the API, with the <see cref="Infrastructure.Security.Caller"/> filled from the circuit's
/// person exactly as an API request's is. Public pages send as nobody (the anonymous caller).
/// </summary>
public sealed class WebMediator(IServiceScopeFactory scopes, Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider authentication)
{
    public async Task<T> SendAsync<T>(IQuery<T> query, CancellationToken cancellationToken)
    {
        await using var scope = await SignedInScopeAsync();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query, cancellationToken);
    }

    public async Task<T> SendAsync<T>(ICommand<T> command, CancellationToken cancellationToken)
    {
        await using var scope = await SignedInScopeAsync();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, cancellationToken);
    }

    /// <summary>For public pages: the caller is nobody, whoever is signed in, so a public page shows what anyone sees.</summary>
    public async Task<T> SendAnonymouslyAsync<T>(IQuery<T> query, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query, cancellationToken);
    }

    /// <summary>For public forms (applying to become a partner): sent as nobody.</summary>
    public async Task<T> SendAnonymouslyAsync<T>(ICommand<T> command, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, cancellationToken);
    }

    private async Task<AsyncServiceScope> SignedInScopeAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (user.Identity?.IsAuthenticated != true)
        {
            throw new WebSessionEndedException(); // revalidation ended the session: nothing more, not even as "anonymous"
        }

        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Infrastructure.Security.Caller>().ActAs(user);
        return scope;
    }
}

/// <summary>The circuit's session ended (<see cref="WebSessionRevalidation"/>): its pages read nothing more.</summary>
public sealed class WebSessionEndedException() : InvalidOperationException("The web session has ended: sign in again.");
