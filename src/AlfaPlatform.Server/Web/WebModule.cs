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

    public void Map(WebApplication app) => app.MapWebApp();
}
