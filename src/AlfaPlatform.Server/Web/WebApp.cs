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

    /// <summary>The pages: signed in with the web cookie, as staff, member or viewer (partners: 403).</summary>
    public const string PagesPolicy = "web-pages";

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
        services.AddScoped<DashboardReader>();
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
                // Partners are signed in but the dashboards are not theirs: 403 on the page itself, not a redirect.
                OnRedirectToAccessDenied = async context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    context.Response.ContentType = "text/html; charset=utf-8";
                    await context.Response.WriteAsync(ForbiddenPage);
                },
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
        services.AddAuthorizationBuilder().AddPolicy(PagesPolicy, policy => policy
            .AddAuthenticationSchemes(CookieScheme)
            .RequireRole(Roles.Staff, Roles.Member, Roles.Viewer));
        return services;
    }

    public static WebApplication MapWebApp(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous().DisableRateLimiting();
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .RequireAuthorization(PagesPolicy);

        app.MapPost("/web/signin", SignInAsync).AllowAnonymous().RequireRateLimiting(RateLimits.SignInPolicy).ExcludeFromDescription();
        app.MapPost("/web/password", ChangePasswordAsync).AllowAnonymous().RequireRateLimiting(RateLimits.SignInPolicy).ExcludeFromDescription();
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
        catch (AccountLockedException)
        {
            return Results.LocalRedirect($"/signin?locked=true&returnUrl={Uri.EscapeDataString(back)}");
        }

        await http.SignOutAsync(PasswordChangeScheme);
        var userName = await AccountUserNameAsync(http, person, ct);
        var signedIn = await mediator.Send(new SignIn.Query(GrantTypes.Password, userName, newPassword, null, null,
            http.Connection.RemoteIpAddress?.ToString()), ct);
        if (signedIn.Principal is not { } principal)
        {
            return Results.LocalRedirect($"/signin?returnUrl={Uri.EscapeDataString(back)}"); // e.g. deactivated meanwhile
        }

        await http.SignInAsync(CookieScheme, CookiePrincipal(principal, CookieScheme));
        return Results.LocalRedirect(back);
    }

    private static async Task<string?> AccountUserNameAsync(HttpContext http, ClaimsPrincipal person, CancellationToken ct) =>
        Guid.TryParse(person.FindFirstValue(PlatformClaims.Subject), out var id)
            ? (await http.RequestServices.GetRequiredService<IAccountContacts>().FindAsync(id, ct))?.UserName
            : null;

    private static ClaimsPrincipal CookiePrincipal(ClaimsPrincipal principal, string scheme) => new(new ClaimsIdentity(
        principal.Claims.Select(c => new Claim(c.Type, c.Value)), scheme, PlatformClaims.Name, PlatformClaims.Role));

    private static bool IsLocal(string url) => Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult.IsLocalUrl(url);

    private const string ForbiddenPage = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Dashboards are for the network</title></head>
        <body style="font-family: Roboto, Arial, sans-serif; margin: 3rem;">
        <h1>Dashboards are for the network</h1>
        <p>Your account belongs to a partner company. The dashboards show the network's own figures and are open to its
        staff, members and viewers only. Your requests are in the partner API.</p>
        <form method="post" action="/web/signout"><button type="submit">Sign out</button></form>
        </body></html>
        """;
}

/// <summary>
/// Reads dashboards for the circuit's signed-in person: each query in its own scope (its own Marten session), with the
/// <see cref="Infrastructure.Security.Caller"/> filled from the person's claims exactly as an API request's is.
/// </summary>
public sealed class DashboardReader(IServiceScopeFactory scopes, Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider authentication)
{
    public async Task<T> SendAsync<T>(IQuery<T> query, CancellationToken cancellationToken)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (user.Identity?.IsAuthenticated != true)
        {
            throw new WebSessionEndedException(); // revalidation ended the session: read nothing, not even as "anonymous"
        }

        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Infrastructure.Security.Caller>().ActAs(user);
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query, cancellationToken);
    }
}

/// <summary>The circuit's session ended (<see cref="WebSessionRevalidation"/>): its pages read nothing more.</summary>
public sealed class WebSessionEndedException() : InvalidOperationException("The web session has ended: sign in again.");
