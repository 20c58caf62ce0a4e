using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using Mediator;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreConstants;
using AlfaPlatform.Server.Infrastructure.Security;

namespace AlfaPlatform.Server.Identity;

public static class IdentityEndpoints
{
    public static IEndpointRouteBuilder MapIdentity(this IEndpointRouteBuilder app)
    {
        // OAuth 2.0 token endpoint (form post): grant_type=password (people) or client_credentials (partner systems).
        app.MapPost("/connect/token", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var request = http.GetOpenIddictServerRequest()
                    ?? throw new InvalidOperationException("The token request was not parsed by OpenIddict.");
                var result = await mediator.Send(new SignIn.Query(
                    request.GrantType, request.Username, request.Password, request.ClientId, request.ClientSecret,
                    http.Connection.RemoteIpAddress?.ToString()), ct);
                if (result.RetryAfter is { } wait)
                {
                    return RateLimits.TooManyFailures(http.Response, wait);
                }

                return result.Principal is { } principal
                    ? Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)
                    : Results.Forbid(
                        new AuthenticationProperties(new Dictionary<string, string?>
                        {
                            [Properties.Error] = result.Error,
                            [Properties.ErrorDescription] = result.Description,
                        }),
                        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
            })
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.SignInPolicy)
            .ExcludeFromDescription();

        var me = app.MapGroup("/api/me").WithTags("Identity").RequireAuthorization(Policies.SignedIn);
        me.MapGet("/", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new WhoAmI.Query(), ct)))
            .AllowedBeforePasswordChange()
            .WithSummary("Who you are signed in as, and the role you act in.");
        me.MapPost("/password", async (ChangePassword.Command command, IMediator mediator, CancellationToken ct) =>
                ProblemMapping.Respond(await mediator.Send(command, ct), TypedResults.Ok))
            .Produces<AccountView>()
            .RequireRateLimiting(RateLimits.SignInPolicy) // it proves a password: the same budget as signing in
            .AllowedBeforePasswordChange()
            .WithSummary("Change your password (the current one is required). Every token and web session of the account ends, this one's too: sign in again with the new password.");

        var accounts = app.MapGroup("/api/accounts").WithTags("Identity").RequireAuthorization(Policies.Staff);
        accounts.MapPost("/", async (CreateAccount.Command command, IMediator mediator, HttpResponse response, CancellationToken ct) =>
                ProblemMapping.Respond(await mediator.Send(command, ct), created => Secret(response, TypedResults.Created($"/api/accounts/{created.Account.Id}", created))))
            .Produces<CreateAccount.Created>(StatusCodes.Status201Created)
            .WithSummary("Open an account; without a password a one-time password is generated and returned once.");
        accounts.MapGet("/", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListAccounts.Query(), ct)))
            .WithSummary("The accounts and their roles.");
        accounts.MapPost("/{id:guid}/deactivate", async (Guid id, IMediator mediator, CancellationToken ct) =>
                ProblemMapping.Respond(await mediator.Send(new DeactivateAccount.Command(id), ct), TypedResults.Ok))
            .Produces<AccountView>()
            .WithSummary("Deactivate an account: no more sign-in, and its tokens stop working at once.");
        accounts.MapPost("/{id:guid}/erase", async (Guid id, IMediator mediator, CancellationToken ct) =>
                ProblemMapping.Respond(await mediator.Send(new EraseAccount.Command(id), ct), TypedResults.Ok))
            .Produces<AccountView>()
            .WithSummary("Erase the person behind an account that is theirs alone (a partner's person): deactivated, renamed, and its name and address " +
                         "gone from what it did. An account linked to a person, or opened by a partner application, is erased through theirs (409).");

        // Staff issue and revoke; a partner reads its own company's clients (the policy on each route: a group's would add to it).
        var clients = app.MapGroup("/api/api-clients").WithTags("Identity");
        clients.MapPost("/", async (IssueApiClient.Command command, IMediator mediator, HttpResponse response, CancellationToken ct) =>
                ProblemMapping.Respond(await mediator.Send(command, ct), issued => Secret(response, TypedResults.Created($"/api/api-clients/{issued.Client.ClientId}", issued))))
            .RequireAuthorization(Policies.Staff)
            .Produces<IssueApiClient.Issued>(StatusCodes.Status201Created)
            .WithSummary("Issue client credentials to a partner company's system; the secret is shown only in this answer.");
        clients.MapGet("/", async (Guid? partnerOrganisationId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListApiClients.Query(partnerOrganisationId), ct)))
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithSummary("The API clients, optionally of one partner organisation (staff); a partner gets its own company's only. Never a secret.");
        clients.MapDelete("/{clientId}", async (string clientId, IMediator mediator, CancellationToken ct) =>
                ProblemMapping.Respond(await mediator.Send(new RevokeApiClient.Command(clientId), ct), TypedResults.Ok))
            .RequireAuthorization(Policies.Staff)
            .Produces<ApiClientView>()
            .WithSummary("Revoke an API client: its tokens stop working at once.");

        return app;
    }

    /// <summary>An answer holding a secret shown once: no cache, no proxy may keep it.</summary>
    private static IResult Secret(HttpResponse response, IResult result)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        return result;
    }
}
