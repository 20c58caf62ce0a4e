using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenIddict.Server.AspNetCore;

namespace AlfaPlatform.Server.Identity;

/// <summary>
/// The authentication middleware asks each scheme that handles requests of its own whether a request is one of them,
/// on every request. OpenIddict's server answers by running its request pipeline (inferring the endpoint from the
/// request's absolute URI), 3.4 % of the machine's CPU under P2's load (docs/performance.md): it is asked only for
/// requests under the paths of its endpoints, which <see cref="AuthorityPaths"/> names.
/// </summary>
public sealed class AuthorityRequestSchemes(IOptions<AuthenticationOptions> options, IHttpContextAccessor requests)
    : AuthenticationSchemeProvider(options)
{
    /// <summary>Where the authority's endpoints are: the token endpoint, and its discovery document and keys.</summary>
    public static IReadOnlyList<PathString> AuthorityPaths { get; } = ["/connect", "/.well-known"];

    public override async Task<IEnumerable<AuthenticationScheme>> GetRequestHandlerSchemesAsync()
    {
        var schemes = await base.GetRequestHandlerSchemesAsync();
        return requests.HttpContext is { } context && !IsForTheAuthority(context.Request.Path)
            ? schemes.Where(s => s.Name != OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)
            : schemes;
    }

    public static bool IsForTheAuthority(PathString path) => AuthorityPaths.Any(path.StartsWithSegments);
}
