using System.Security.Cryptography;
using System.Text.Json;
using AlfaPlatform.Server.Infrastructure.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace AlfaPlatform.Server.Identity;

/// <summary>
/// The embedded authority's keys: an RSA key that signs tokens and a symmetric key OpenIddict uses for what it
/// encrypts. Generated on first start into a folder outside git (.local/keys by default), read on later starts.
/// Every node of a cluster must read the same folder (or the same mounted secret).
/// </summary>
public sealed class SigningKeys
{
    private SigningKeys(RsaSecurityKey signing, SymmetricSecurityKey encryption)
    {
        Signing = signing;
        Encryption = encryption;
    }

    public RsaSecurityKey Signing { get; }

    public SymmetricSecurityKey Encryption { get; }

    public static SigningKeys LoadOrCreate(string folder)
    {
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "authority-keys.json");
        if (!File.Exists(file))
        {
            // Written aside, then moved into place: of several processes starting at once, one wins and all read its keys.
            using var rsa = RSA.Create(2048);
            var created = new StoredKeys(rsa.ExportRSAPrivateKeyPem(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            var draft = $"{file}.{Guid.NewGuid():N}.tmp";
            LocalFolders.WritePrivateAsync(draft, JsonSerializer.Serialize(created), CancellationToken.None).GetAwaiter().GetResult();

            try
            {
                File.Move(draft, file, overwrite: false);
            }
            catch (IOException) when (File.Exists(file))
            {
                File.Delete(draft);
            }
        }

        var stored = JsonSerializer.Deserialize<StoredKeys>(File.ReadAllText(file))
            ?? throw new InvalidOperationException($"{file} holds no keys.");
        var key = RSA.Create();
        key.ImportFromPem(stored.RsaPrivateKeyPem);
        return new SigningKeys(
            new RsaSecurityKey(key) { KeyId = Convert.ToHexString(SHA256.HashData(key.ExportRSAPublicKey()))[..16] },
            new SymmetricSecurityKey(Convert.FromBase64String(stored.EncryptionKey)));
    }

    private sealed record StoredKeys(string RsaPrivateKeyPem, string EncryptionKey);
}
