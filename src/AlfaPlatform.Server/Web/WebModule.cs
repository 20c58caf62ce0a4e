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
    /// 403 speaks it too; the API keeps the invariant culture whatever the client's Accept-Language.
    /// </summary>
    public void UseAfterSignIn(IApplicationBuilder app) =>
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/api") && !http.Request.Path.StartsWithSegments("/connect"),
            pages => pages.UseRequestLocalization());

    public void Map(WebApplication app) => app.MapWebApp();
}
