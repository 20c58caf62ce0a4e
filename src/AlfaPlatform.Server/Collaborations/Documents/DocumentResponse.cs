using AlfaPlatform.Domain.Collaborations;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>A document of a request, as its list and the request show it: what it is, who attached it and when (never their account).</summary>
public sealed record DocumentResponse(
    Guid Id, string FileName, string MediaType, long Length, string Sha256, DateTimeOffset AttachedAt, string? AttachedByName, string AttachedByRole)
{
    public static DocumentResponse From(AttachedDocument d) =>
        new(d.Id, d.FileName, d.MediaType, d.Length, d.Sha256, d.AttachedAt, d.AttachedBy.Name, d.AttachedBy.Role);
}
