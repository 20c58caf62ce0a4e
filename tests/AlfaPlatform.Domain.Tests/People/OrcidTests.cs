using AlfaPlatform.Domain.People;

namespace AlfaPlatform.Domain.Tests.People;

/// <summary>
/// ORCID iDs: four dash-separated groups of four, the last character an ISO 7064 11,2 check digit (0–9 or X).
/// </summary>
public sealed class OrcidTests
{
    [Theory]
    [InlineData("0000-0002-1825-0097")]
    [InlineData("0000-0001-5109-3700")]
    [InlineData("0000-0002-1694-233X")]
    [InlineData("0000-0003-1419-2405")]
    public void a_well_formed_orcid_with_the_right_check_digit_is_valid(string orcid)
    {
        Assert.True(Orcid.IsValid(orcid));
    }

    [Theory]
    [InlineData("0000-0002-1825-0098")]
    [InlineData("0000-0002-1825-0090")]
    [InlineData("0000-0001-5109-3701")]
    [InlineData("0000-0002-1694-2330")]
    [InlineData("0000-0002-1825-009X")]
    [InlineData("0000-0002-1825-0079")]
    public void a_wrong_check_digit_is_invalid(string orcid)
    {
        Assert.False(Orcid.IsValid(orcid));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0000-0002-1825-009")]
    [InlineData("0000-0002-1825-00970")]
    [InlineData("0000-0002-1825")]
    [InlineData("000-0002-1825-0097")]
    public void a_value_of_the_wrong_length_is_invalid(string orcid)
    {
        Assert.False(Orcid.IsValid(orcid));
    }

    [Theory]
    [InlineData("0000000218250097")]
    [InlineData("0000 0002 1825 0097")]
    [InlineData("0000_0002_1825_0097")]
    [InlineData("000-00002-1825-0097")]
    [InlineData("0000-00021-825-0097")]
    [InlineData("0000-0002-18250-097")]
    public void a_value_without_dashes_in_the_right_places_is_invalid(string orcid)
    {
        Assert.False(Orcid.IsValid(orcid));
    }

    [Theory]
    [InlineData("0000-000A-1825-0097")]
    [InlineData("ABCD-0002-1825-0097")]
    [InlineData("0000-0002-1825-009x")]
    [InlineData("0000-0002-1694-233x")]
    [InlineData("0000-0002-1694-23X3")]
    [InlineData("X000-0002-1825-0097")]
    [InlineData("0000-0002-1825-009 ")]
    [InlineData("０000-0002-1825-0097")]
    [InlineData("\u0660\u0660\u0660\u0660-0002-1825-0097")]
    public void letters_or_other_characters_are_invalid_except_an_upper_case_x_as_check_digit(string orcid)
    {
        Assert.False(Orcid.IsValid(orcid));
    }

    [Theory]
    [InlineData(" 0000-0002-1825-0097")]
    [InlineData("0000-0002-1825-0097 ")]
    [InlineData("https://orcid.org/0000-0002-1825-0097")]
    public void an_orcid_with_anything_around_it_is_invalid(string orcid)
    {
        Assert.False(Orcid.IsValid(orcid));
    }

    [Fact]
    public void null_is_invalid()
    {
        Assert.False(Orcid.IsValid(null));
    }

    [Theory]
    [InlineData("0000-0002-1825-009", '7')]
    [InlineData("0000-0001-5109-370", '0')]
    [InlineData("0000-0002-1694-233", 'X')]
    [InlineData("0000-0000-0000-000", '1')]
    [InlineData("1234-5678-9012-345", '1')]
    public void exactly_one_check_character_completes_fifteen_digits(string firstFifteen, char expected)
    {
        var valid = "0123456789X".Where(c => Orcid.IsValid(firstFifteen + c)).ToArray();

        Assert.Equal([expected], valid);
    }

    /// <summary>
    /// Guards a fixed bug: a 19-character value with dashes at 4, 9 and 14 and another dash elsewhere passed the
    /// shape check and then made the indexing of the dash-free digits throw instead of returning false.
    /// </summary>
    [Theory]
    [InlineData("0000-0002-1825-009-")]
    [InlineData("-000-0002-1825-0097")]
    [InlineData("0000-0002-1825-----")]
    [InlineData("0000-0002-1825-0-97")]
    [InlineData("-------------------")]
    public void a_value_with_dashes_beyond_the_three_separators_is_invalid(string orcid)
    {
        Assert.False(Orcid.IsValid(orcid));
    }
}
