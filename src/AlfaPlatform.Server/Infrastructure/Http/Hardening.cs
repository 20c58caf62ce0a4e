namespace AlfaPlatform.Server.Infrastructure.Http;

/// <summary>
/// What every answer of the gateway gets: HTTPS redirection and HSTS outside Development, security headers, and CORS
/// closed unless origins are configured (Cors:AllowedOrigins).
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
        return services;
    }

    public static WebApplication UseHardening(this WebApplication app)
    {
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
            if (!context.Request.Path.StartsWithSegments("/scalar", StringComparison.Ordinal))
            {
                // The API serves data, never pages: nothing may run, load or frame it.
                headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            }

            return next(context);
        });
        app.UseCors();
        return app;
    }
}
