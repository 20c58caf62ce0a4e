using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace AlfaPlatform.Server.Identity;

/// <summary>ASP.NET Core Identity's PBKDF2 hashing (salted, versioned, constant-time check) and generated secrets.</summary>
public static class Passwords
{
    public const int MinimumLength = 12;
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static readonly PasswordHasher<object> Hasher = new();

    /// <summary>Hashed once at start: checking an unknown user name costs as much as a known one.</summary>
    private static readonly string DecoyHash = Hash(Generate());

    public static string Generate(int length = 24) => RandomNumberGenerator.GetString(Alphabet, length);

    public static string Hash(string password) => Hasher.HashPassword(Hasher, password);

    public static bool Verify(string? hash, string password) =>
        Hasher.VerifyHashedPassword(Hasher, hash ?? DecoyHash, password) != PasswordVerificationResult.Failed && hash is not null;
}
