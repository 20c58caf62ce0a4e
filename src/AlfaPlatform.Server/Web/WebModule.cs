using AlfaPlatform.Server.Infrastructure.Hosting;

namespace AlfaPlatform.Server.Web;

/// <summary>The web app (Blazor dashboards and sign-in pages), served by gateways; mapped last, after every API route.</summary>
public sealed class WebModule : IFeatureModule
{
    public int Order => int.MaxValue;

    public void AddServices(FeatureServices feature)
    {
        if (feature.ServesApi)
        {
            feature.Services.AddWebApp();
        }
    }

    /// <summary>
    /// The pages' language (the remembered choice, else the browser's), set before authorization so that a styled
    /// 403 or 404 speaks it too; the API keeps the invariant culture whatever the client's Accept-Language.
    /// </summary>
    public void UseAfterSignIn(IApplicationBuilder app)
    {
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/api") && !http.Request.Path.StartsWithSegments("/connect"),
            pages => pages.UseRequestLocalization());

        // A browser asking for an address no route knows gets "not found" now: left to authorization, the fallback
        // policy would challenge it first and a person who is not signed in would read the API's 401 instead.
        app.Use(async (http, next) =>
        {
            if (http.GetEndpoint() is null && StatusPages.IsPageRequest(http.Request))
            {
                await StatusPages.WriteAsync(http, StatusCodes.Status404NotFound);
                return;
            }

            await next(http);
        });
    }

    public void Map(WebApplication app) => app.MapWebApp();
}
