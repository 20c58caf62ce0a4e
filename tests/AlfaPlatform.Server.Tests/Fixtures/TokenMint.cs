using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AlfaPlatform.Server.Tests.Fixtures;

/// <summary>Makes JWTs the way an issuer does, to test what the API accepts and what it refuses.</summary>
public sealed class TokenMint(string issuer, RSA key, string? audience = null, string tokenType = "at+jwt")
{
    public const string ExternalAudience = "alfa-platform";

    public string Issuer { get; } = issuer;

    public string PublicKeyPem => key.ExportSubjectPublicKeyInfoPem();

    /// <summary>The same key and audience, but tokens naming another issuer.</summary>
    public TokenMint WithIssuer(string otherIssuer) => new(otherIssuer, key, audience, tokenType);

    public string Mint(IEnumerable<Claim> claims, DateTime? expires = null, DateTime? notBefore = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            TokenType = tokenType,
            Subject = new ClaimsIdentity(claims),
            NotBefore = notBefore ?? DateTime.UtcNow.AddMinutes(-5),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(10),
            IssuedAt = (notBefore ?? DateTime.UtcNow.AddMinutes(-5)),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key), SecurityAlgorithms.RsaSha256),
        });

    /// <summary>An issuer of its own, generated for this test run: stands for Keycloak or Entra ID.</summary>
    private static readonly RSA ExternalKey = RSA.Create(2048); // declared first: the mints below use it

    public static TokenMint External { get; } = new("https://idp.example.test/realms/opale", ExternalKey, ExternalAudience, "JWT");

    /// <summary>The external provider's key and issuer, but a token meant for another application.</summary>
    public static TokenMint ExternalForAnotherAudience { get; } = new(External.Issuer, ExternalKey, "some-other-api", "JWT");

    /// <summary>Our own authority, minting with the key the platform generated in the run's key folder.</summary>
    public static TokenMint Local(string issuer = "http://localhost:5080/", string tokenType = "at+jwt")
    {
        var stored = JsonDocument.Parse(File.ReadAllText(Path.Combine(PlatformFixture.KeysFolder, "authority-keys.json")));
        var key = RSA.Create();
        key.ImportFromPem(stored.RootElement.GetProperty("RsaPrivateKeyPem").GetString());
        return new TokenMint(issuer, key, tokenType: tokenType);
    }
}
