using System.Globalization;
using AlfaPlatform.Server.Web.Components.Shell;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;

namespace AlfaPlatform.Server.Web;

/// <summary>
/// The styled answer a person gets for an address that is not theirs (403) or not there (404), in their language,
/// instead of a bare status or the API's problem details. Rendered outside any circuit (<see cref="HtmlRenderer"/>),
/// so it also answers where no page ran: the cookie's access-denied event and the status-code pages.
/// </summary>
public static class StatusPages
{
    /// <summary>Status-code pages: a person's browser asking for a page gets the styled page; the API keeps its problem details.</summary>
    public static IServiceCollection AddStyledStatusPages(this IServiceCollection services) =>
        services.PostConfigure<StatusCodePagesOptions>(options =>
        {
            var api = options.HandleAsync;
            options.HandleAsync = context => IsPageRequest(context.HttpContext.Request) && context.HttpContext.Response.StatusCode is 403 or 404
                ? WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode)
                : api(context);
        });

    public static async Task WriteAsync(HttpContext http, int status)
    {
        var culture = http.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture ?? Localization.WebCultures.English;
        var services = http.RequestServices;
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(StatusDocument.Status)] = status,
                [nameof(StatusDocument.User)] = http.User,
                [nameof(StatusDocument.Path)] = http.Request.Path.Value,
            });
            return (await renderer.RenderComponentAsync<StatusDocument>(parameters)).ToHtmlString();
        });

        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsync(html, http.RequestAborted);
    }

    public static bool IsPageRequest(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !NotPages.Any(prefix => request.Path.StartsWithSegments(prefix))
        && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    private static readonly string[] NotPages = ["/api", "/connect", "/_blazor", "/_framework", "/_content", "/health", "/openapi", "/scalar"];
}
