using AlfaPlatform.Server.Identity.Contracts;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace AlfaPlatform.Server.Web;

/// <summary>
/// An open page (its circuit) holds the identity its cookie had when the page opened, and no HTTP request passes the
/// cookie check while it stays open. So the circuit checks the account again every
/// <c>Web:SessionRevalidationInterval</c> (default 30 seconds), with the same check as every API and web request
/// (<see cref="TokenSubjects"/>): once the account is deactivated or erased, or its password changed, the circuit's
/// person becomes anonymous, the pages stop reading and listening, and the layout sends the browser to sign-in.
/// A check that fails (the database unreachable) ends the session too: it fails closed.
/// </summary>
public sealed class WebSessionRevalidation(ILoggerFactory loggers, IServiceScopeFactory scopes, IConfiguration configuration)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    public const string IntervalSetting = "Web:SessionRevalidationInterval";

    protected override TimeSpan RevalidationInterval { get; } = configuration.GetValue(IntervalSetting, TimeSpan.FromSeconds(30));

    /// <summary>This circuit's person was signed in and the check ended it (rather than a circuit opened signed out).</summary>
    public bool SessionEnded { get; private set; }

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope(); // its own Marten session: the circuit lives far longer than one
        var subjects = scope.ServiceProvider.GetRequiredService<TokenSubjects>();
        var active = await subjects.StandingAsync(authenticationState.User, cancellationToken) == SubjectStanding.Active;
        SessionEnded |= !active && authenticationState.User.Identity?.IsAuthenticated == true;
        return active;
    }
}
