using System.Net.Mail;

namespace AlfaPlatform.Server.Infrastructure.Messaging;

public static class EmailAddresses
{
    /// <summary>
    /// A bare address ("ada@example.org"), not the display form ("Ada &lt;ada@example.org&gt;") that mail parsers also
    /// accept: an email is a unique key, so it must be the address alone.
    /// </summary>
    public static bool IsPlain(string? value) =>
        value is { Length: > 0 and <= 200 } && MailAddress.TryCreate(value.Trim(), out var address) && address.Address == value.Trim();
}
