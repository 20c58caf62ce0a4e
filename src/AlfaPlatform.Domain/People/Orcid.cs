namespace AlfaPlatform.Domain.People;

/// <summary>An ORCID iD (0000-0002-1825-0097): four groups of four digits, the last character a checksum (ISO 7064 11,2).</summary>
public static class Orcid
{
    public static bool IsValid(string? value)
    {
        if (value is not { Length: 19 } || value[4] != '-' || value[9] != '-' || value[14] != '-')
        {
            return false;
        }

        var digits = value.Replace("-", "", StringComparison.Ordinal);
        if (digits.Length != 16 || !digits[..15].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(digits[15]) || digits[15] == 'X'))
        {
            return false;
        }

        var total = 0;
        foreach (var digit in digits[..15])
        {
            total = (total + (digit - '0')) * 2;
        }

        var check = (12 - (total % 11)) % 11;
        return digits[15] == (check == 10 ? 'X' : (char)('0' + check));
    }
}
