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

namespace AlfaPlatform.Server.Web;

/// <summary>
/// The dashboards' web app (Blazor, interactive on the server, MudBlazor), served by every node that serves the API.
/// People sign in with a cookie of its own scheme, issued after the same password check as the token endpoint; the
/// API never accepts that cookie (its routes authenticate with bearer tokens only), and the pages read dashboards
/// in-process through the mediator as the signed-in person.
/// </summary>
public static class WebApp
{
    /// <summary>The web app's cookie scheme: used only by the pages and the circuit, never by /api.</summary>
    public const string CookieScheme = "web";

    /// <summary>The pages: signed in with the web cookie, as staff, member or viewer (partners: 403).</summary>
    public const string PagesPolicy = "web-pages";

    public static IServiceCollection AddWebApp(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddCascadingAuthenticationState();
        services.AddScoped<DashboardReader>();

        // Behind a TLS proxy a request may look like plain HTTP: wherever the platform requires HTTPS
        // (Authentication:RequireHttps, by default outside Development) the cookie is Secure whatever it looks like.
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).PostConfigure<IdentitySettings, IHostEnvironment>((options, settings, environment) =>
        {
            if (settings.RequireHttps ?? !environment.IsDevelopment())
            {
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            }
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
                // A deactivated account's cookie stops working at once, as its tokens do.
                OnValidatePrincipal = async context =>
                {
                    var subject = context.Principal?.FindFirstValue(PlatformClaims.Subject);
                    var subjects = context.HttpContext.RequestServices.GetRequiredService<TokenSubjects>();
                    if (subject is null || !await subjects.MayActAsync(subject, context.HttpContext.RequestAborted))
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
        app.MapPost("/web/signout", async (HttpContext http) =>
            {
                await http.SignOutAsync(CookieScheme);
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

        var identity = new ClaimsIdentity(
            principal.Claims.Select(c => new Claim(c.Type, c.Value)), CookieScheme, PlatformClaims.Name, PlatformClaims.Role);
        await http.SignInAsync(CookieScheme, new ClaimsPrincipal(identity));
        return Results.LocalRedirect(back);
    }

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
/// <see cref="Infrastructure.Messaging.Caller"/> filled from the person's claims exactly as an API request's is.
/// </summary>
public sealed class DashboardReader(IServiceScopeFactory scopes, Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider authentication)
{
    public async Task<T> SendAsync<T>(IQuery<T> query, CancellationToken cancellationToken)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Infrastructure.Messaging.Caller>().ActAs(user);
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query, cancellationToken);
    }
}
