using AlfaPlatform.Domain.Meetings;

namespace AlfaPlatform.Domain.Tests.Meetings;

/// <summary>Local times in IANA zones: unknown names refused without throwing, skipped times read forward by the gap.</summary>
public sealed class MeetingTimeTests
{
    [Theory]
    [InlineData("Europe/")]
    [InlineData("Europe/../../etc")]
    [InlineData("Mars/Olympus")]
    public void a_zone_name_that_names_no_zone_is_unknown_and_never_throws(string zone) =>
        Assert.False(MeetingTime.IsKnownZone(zone));

    [Fact]
    public void a_local_time_the_clocks_skip_is_read_forward_by_the_gap()
    {
        // Paris, 29 March 2026: clocks go from 02:00 to 03:00; 02:30 is read as 03:30 CEST, 01:30 UTC.
        var time = new MeetingTime(new DateTime(2026, 3, 29, 2, 30, 0), new DateTime(2026, 3, 29, 17, 0, 0), "Europe/Paris");

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), time.StartUtc);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 15, 0, 0, TimeSpan.Zero), time.EndUtc);
    }
}
