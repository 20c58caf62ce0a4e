using Microsoft.AspNetCore.HttpOverrides;

namespace AlfaPlatform.Server.Infrastructure.Http;

/// <summary>
/// What every answer of the gateway gets: forwarded headers from configured proxies only, HTTPS redirection and HSTS
/// outside Development, security headers, and CORS closed unless origins are configured (Cors:AllowedOrigins).
/// </summary>
public static class Hardening
{
    public static IServiceCollection AddHardening(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            if (origins.Length > 0)
            {
                policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod()
                    .WithExposedHeaders("ETag", CorrelationMiddleware.Header, "Location");
            }
        }));
        services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));

        // Behind a TLS proxy: trust its X-Forwarded-For/-Proto, so rate limits, logs and HTTPS see the real caller.
        var proxies = configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });
        return services;
    }

    /// <summary>What is API, not page: everything else is the web app (or the API reference under /scalar).</summary>
    private static readonly string[] ApiPaths = ["/api", "/connect", "/health", "/openapi"];

    public static WebApplication UseHardening(this WebApplication app)
    {
        app.UseForwardedHeaders(); // trusts only the configured proxies: none by default
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            var path = context.Request.Path;
            if (ApiPaths.Any(api => path.StartsWithSegments(api, StringComparison.Ordinal)))
            {
                // The API serves data, never pages: nothing may run, load or frame it.
                headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            }
            else if (!path.StartsWithSegments("/scalar", StringComparison.Ordinal))
            {
                // The web app: its own scripts and its circuit's WebSocket only; MudBlazor sets inline styles.
                headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                    + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; "
                    + "base-uri 'self'; frame-ancestors 'none'";
            }

            return next(context);
        });
        app.UseCors();
        return app;
    }
}
