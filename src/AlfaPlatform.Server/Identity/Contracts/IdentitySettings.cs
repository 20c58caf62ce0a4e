namespace AlfaPlatform.Server.Identity.Contracts;

/// <summary>Configuration section "Authentication".</summary>
public sealed class IdentitySettings
{
    /// <summary>The embedded authority's issuer; tokens name it and the API accepts only it (or the external one).</summary>
    public string Issuer { get; set; } = "http://localhost:5080/";

    /// <summary>Folder of the authority's keys; default .local/keys in the checkout. Share it between nodes.</summary>
    public string? KeysPath { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Refuse token requests over plain HTTP. Default: outside Development. Behind a TLS proxy, set false.</summary>
    public bool? RequireHttps { get; set; }

    /// <summary>An external OpenID Connect provider whose tokens are accepted too (Keycloak, Microsoft Entra ID).</summary>
    public ExternalIssuerSettings? External { get; set; }
}

public sealed class ExternalIssuerSettings
{
    /// <summary>The provider's issuer, exactly as its tokens state it (the "iss" claim).</summary>
    public string Issuer { get; set; } = "";

    /// <summary>Where to discover its signing keys (/.well-known/openid-configuration); or give <see cref="SigningKeyPem"/>.</summary>
    public string? Authority { get; set; }

    /// <summary>The provider's public signing key (PEM), for a provider without discovery or for offline checks.</summary>
    public string? SigningKeyPem { get; set; }

    /// <summary>The audience our API has at the provider; tokens for another audience are refused. Empty: not checked.</summary>
    public string? Audience { get; set; }

    public string SubjectClaim { get; set; } = "sub";

    public string NameClaim { get; set; } = "name";

    public string RoleClaim { get; set; } = "roles";

    public string? OrganisationClaim { get; set; }

    /// <summary>The provider's role names mapped to ours, e.g. "opale-office" → "staff". Unmapped roles are ignored.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = [];
}
