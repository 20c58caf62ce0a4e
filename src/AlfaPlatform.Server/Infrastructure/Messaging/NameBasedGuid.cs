using System.Security.Cryptography;
using System.Text;

namespace AlfaPlatform.Server.Infrastructure.Messaging;

/// <summary>A UUID derived from a name: the same name gives the same id on every node and every retry.</summary>
public static class NameBasedGuid
{
    public static Guid From(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // RFC 9562 version 8: a custom, name-derived UUID
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
