using System.Security.Claims;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using AlfaPlatform.Server.Identity.Contracts;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AlfaPlatform.Server.Identity;

/// <summary>
/// Sign-in and access: the embedded OpenIddict authority issues signed JWTs; the API validates them with JwtBearer,
/// and also tokens of one configured external OpenID Connect provider, whose claims are mapped to ours.
/// </summary>
public static class IdentitySetup
{
    public const string BearerScheme = "Bearer";
    public const string ExternalSubjectPrefix = "ext:";
    private const string LocalScheme = "local";
    private const string ExternalScheme = "external";

    public static IServiceCollection AddPlatformIdentity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = configuration.GetSection("Authentication").Get<IdentitySettings>() ?? new IdentitySettings();
        var keys = SigningKeys.LoadOrCreate(settings.KeysPath ?? LocalFolders.Under("keys"));
        var requireHttps = settings.RequireHttps ?? !environment.IsDevelopment();
        services.AddSingleton(settings);
        services.AddScoped<TokenSubjects>();
        services.AddSingleton<SubjectStandings>();
        services.AddHostedService<SubjectChangeListener>();
        services.AddSingleton<ValidatedTokens>();
        services.AddSingleton<AccountLockout>();
        services.AddSingleton<ApiClientUses>();

        services.AddOpenIddict().AddServer(server =>
        {
            server.SetTokenEndpointUris("connect/token");
            server.AllowPasswordFlow().AllowClientCredentialsFlow();
            server.SetIssuer(new Uri(settings.Issuer));
            server.SetAccessTokenLifetime(settings.AccessTokenLifetime);
            server.AddSigningKey(keys.Signing).AddEncryptionKey(keys.Encryption);
            // Signed, not encrypted: resource servers (ours, and a partner's gateway) read them as plain JWTs.
            server.DisableAccessTokenEncryption();
            // No OpenIddict store: accounts and API clients are ours (Marten documents), checked by SignIn.
            server.EnableDegradedMode();
            server.AcceptAnonymousClients();
            server.AddEventHandler<OpenIddict.Server.OpenIddictServerEvents.ValidateTokenRequestContext>(handler =>
                handler.UseInlineHandler(_ => default)); // client credentials are checked in SignIn, with the rest
            var aspNetCore = server.UseAspNetCore().EnableTokenEndpointPassthrough();
            if (!requireHttps)
            {
                aspNetCore.DisableTransportSecurityRequirement();
            }
        });

        var authentication = services.AddAuthentication(BearerScheme)
            .AddPolicyScheme(BearerScheme, "Bearer token from our authority or the external provider", options =>
                options.ForwardDefaultSelector = context =>
                    settings.External is { Issuer.Length: > 0 } external && IssuerOf(context) == external.Issuer ? ExternalScheme : LocalScheme)
            .AddJwtBearer(LocalScheme, options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = settings.Issuer,
                    IssuerSigningKey = keys.Signing,
                    ValidateAudience = false,
                    // Access tokens only: an identity token of ours is not a key to the API.
                    ValidTypes = ["at+jwt"],
                    NameClaimType = PlatformClaims.Name,
                    RoleClaimType = PlatformClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                options.Events = new JwtBearerEvents { OnMessageReceived = ReuseValidatedTokenAsync, OnTokenValidated = RefuseEndedSubjectsAndKeepAsync };
            });

        if (settings.External is { Issuer.Length: > 0 } externalIssuer)
        {
            authentication.AddJwtBearer(ExternalScheme, options => ConfigureExternal(options, externalIssuer));
        }

        services.AddHttpContextAccessor();
        services.Replace(ServiceDescriptor.Singleton<IAuthenticationSchemeProvider, AuthorityRequestSchemes>());

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Staff, policy => policy.RequireRole(Roles.Staff))
            .AddPolicy(Policies.SignedIn, policy => policy.RequireRole(Roles.All))
            .AddPolicy(Policies.Network, policy => policy.RequireRole(Roles.Staff, Roles.Member, Roles.Viewer))
            .AddPolicy(Policies.StaffOrMember, policy => policy.RequireRole(Roles.Staff, Roles.Member))
            .AddPolicy(Policies.StaffOrPartner, policy => policy.RequireRole(Roles.Staff, Roles.Partner))
            .AddPolicy(Policies.RequestParties, policy => policy.RequireRole(Roles.Staff, Roles.Member, Roles.Partner))
            .AddPolicy(Policies.MeetingParticipants, policy => policy.RequireRole(Roles.Staff, Roles.Member, Roles.Partner));

        services.AddRateLimiter(options => RateLimits.Configure(options, configuration));
        services.AddHostedService<FirstStaffAccount>();
        return services;
    }

    private static string? IssuerOf(HttpContext context)
    {
        if (ValidatedTokens.BearerOf(context.Request) is not { } token)
        {
            return null;
        }

        // Only to pick which scheme validates it; the chosen scheme checks signature, issuer and lifetime. A token that
        // cannot even be read goes to our own scheme, which refuses it (401).
        var handler = new JsonWebTokenHandler();
        try
        {
            return handler.CanReadToken(token) ? handler.ReadJsonWebToken(token).Issuer : null;
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException or System.Text.Json.JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// A revoked API client's tokens, and a deactivated (or erased) account's or one whose password changed since, stop
    /// working at once, not when they expire. A one-time password's token opens only the password change. A token that
    /// passes is kept as validated (<see cref="ValidatedTokens"/>).
    /// </summary>
    private static async Task RefuseEndedSubjectsAndKeepAsync(TokenValidatedContext context)
    {
        if (await EndedSubjectAsync(context.HttpContext, context.Principal!) is { } ended)
        {
            context.Fail(ended);
        }
        else if (ValidatedTokens.BearerOf(context.Request) is { } token)
        {
            context.HttpContext.RequestServices.GetRequiredService<ValidatedTokens>().Keep(token, context.Principal!, context.SecurityToken.ValidTo);
        }
    }

    /// <summary>A token this node validated already, not expired: its subject's standing is checked, its signature not again.</summary>
    private static async Task ReuseValidatedTokenAsync(MessageReceivedContext context)
    {
        if (ValidatedTokens.BearerOf(context.Request) is not { } token
            || context.HttpContext.RequestServices.GetRequiredService<ValidatedTokens>().Find(token) is not { } principal)
        {
            return; // the handler validates it
        }

        if (await EndedSubjectAsync(context.HttpContext, principal) is { } ended)
        {
            context.Fail(ended);
            return;
        }

        context.Principal = principal;
        context.Success();
    }

    /// <summary>Why the token's subject may no longer act, or null; a one-time password's token opens only the password change.</summary>
    private static async Task<string?> EndedSubjectAsync(HttpContext http, ClaimsPrincipal principal)
    {
        var subjects = http.RequestServices.GetRequiredService<TokenSubjects>();
        switch (await subjects.StandingAsync(principal, http.RequestAborted))
        {
            case SubjectStanding.Ended:
                return "The account or API client may no longer act, or the token predates a password change.";
            case SubjectStanding.PasswordChangeRequired:
                PasswordChangeGate.Require(http);
                break;
        }

        return null;
    }

    private static void ConfigureExternal(JwtBearerOptions options, ExternalIssuerSettings external)
    {
        if (external.Audience is not { Length: > 0 })
        {
            // Without it, any token the provider issues for any other application would open our API.
            throw new InvalidOperationException("Authentication:External:Audience is required with an external issuer: the audience our API has there.");
        }

        options.MapInboundClaims = false;
        if (external.Authority is { Length: > 0 } authority)
        {
            options.Authority = authority;
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = external.Issuer,
            ValidAudience = external.Audience,
            NameClaimType = PlatformClaims.Name,
            RoleClaimType = PlatformClaims.Role,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        if (external.SigningKeyPem is { Length: > 0 } pem)
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            parameters.IssuerSigningKey = new RsaSecurityKey(rsa);
        }

        options.TokenValidationParameters = parameters;
        options.Events = new JwtBearerEvents
        {
            // Their claims, our vocabulary: subject, name, roles (through the map) and partner organisation.
            OnTokenValidated = context =>
            {
                var theirs = context.Principal!;
                if (theirs.FindFirstValue(external.SubjectClaim) is not { Length: > 0 } subject)
                {
                    context.Fail("The token names no subject: its changes could not be attributed.");
                    return Task.CompletedTask;
                }

                var ours = new ClaimsIdentity(context.Scheme.Name, PlatformClaims.Name, PlatformClaims.Role);
                // Prefixed, so that no external subject can pose as one of our accounts or API clients.
                ours.AddClaim(new Claim(PlatformClaims.Subject, ExternalSubjectPrefix + subject));
                if (theirs.FindFirstValue(external.NameClaim) is { } name)
                {
                    ours.AddClaim(new Claim(PlatformClaims.Name, name));
                }

                foreach (var role in theirs.FindAll(external.RoleClaim).Select(c => c.Value))
                {
                    var mapped = external.RoleMap.GetValueOrDefault(role); // unmapped (or no map at all): no role
                    if (mapped is not null && Roles.All.Contains(mapped))
                    {
                        ours.AddClaim(new Claim(PlatformClaims.Role, mapped));
                    }
                }

                if (external.OrganisationClaim is { } organisationClaim && theirs.FindFirstValue(organisationClaim) is { } organisation)
                {
                    ours.AddClaim(new Claim(PlatformClaims.Organisation, organisation));
                }

                context.Principal = new ClaimsPrincipal(ours);
                return Task.CompletedTask;
            },
        };
    }
}
