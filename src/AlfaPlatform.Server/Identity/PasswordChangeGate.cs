using AlfaPlatform.Server.Identity.Contracts;

namespace AlfaPlatform.Server.Identity;

/// <summary>
/// A token of an account whose password is a one-time one opens only what choosing a new password needs: reading
/// <c>GET /api/me</c> and <c>POST /api/me/password</c>. Everything else answers 403 <c>password_change_required</c>.
/// The account is checked once per request already (<see cref="TokenSubjects"/>); this only acts on what it found.
/// </summary>
public static class PasswordChangeGate
{
    public const string Code = "password_change_required";

    private static readonly object Required = new();

    /// <summary>Marks the request: its caller must change the password first (set when the token is validated).</summary>
    public static void Require(HttpContext context) => context.Items[Required] = true;

    /// <summary>Endpoint metadata: open to a caller who must change the password.</summary>
    public sealed class AllowedMetadata;

    public static TBuilder AllowedBeforePasswordChange<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new AllowedMetadata());

    /// <summary>After authentication, before anything acts on the request.</summary>
    public static IApplicationBuilder UsePasswordChangeGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // What is open to anyone (the token endpoint, health) stays open: it needs no account at all.
        var endpoint = context.GetEndpoint();
        if (!context.Items.ContainsKey(Required)
            || endpoint?.Metadata.GetMetadata<AllowedMetadata>() is not null
            || endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null)
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Password change required",
                Detail = "This account's password is a one-time one: choose your own with POST /api/me/password, then sign in again.",
                Extensions = { ["code"] = Code },
            },
        });
    });
}
