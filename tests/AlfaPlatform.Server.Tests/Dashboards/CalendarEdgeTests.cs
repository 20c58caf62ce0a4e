using AlfaPlatform.Server.Dashboards;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Tests.Fixtures;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Server.Tests.Dashboards;

/// <summary>
/// The dashboards' date arithmetic holds at the ends of the calendar for a caller inside the platform (a web page, a
/// job), which the API's range check (<c>DateParameters</c>) does not stand in front of.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CalendarEdgeTests(PlatformFixture platform)
{
    public static readonly TheoryData<DateOnly> FirstDays = [DateOnly.MinValue, DateOnly.MinValue.AddDays(1), new DateOnly(1, 6, 30), new DateOnly(1, 12, 31)];

    [Theory]
    [MemberData(nameof(FirstDays))]
    public async Task every_dashboard_computes_for_the_first_days_of_the_calendar(DateOnly day)
    {
        await using var scope = platform.App.Services.CreateAsyncScope();
        var caller = scope.ServiceProvider.GetRequiredService<Caller>();
        caller.ActorId = "calendar-edge-test";
        caller.Role = Roles.Staff;
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        var membership = await mediator.Send(new MembershipDashboard.Query(day, Months: 120));
        var pipeline = await mediator.Send(new PartnershipPipeline.Query(day, Months: 120));
        var value = await mediator.Send(new PartnershipValue.Query(day));
        var experience = await mediator.Send(new PartnerExperience.Query(day));
        var network = await mediator.Send(new NetworkOverview.Query(day));
        var meetings = await mediator.Send(new MeetingsDashboard.Query(day));
        var activity = await mediator.Send(new ActivityFeed.Query(day));

        // Only the months that exist: from 0001-01 to the day's month, however many were asked for.
        Assert.Equal(day.Month, membership.Figures.Months.Count);
        Assert.Equal("0001-01", membership.Figures.Months[0].Month);
        Assert.All([membership.AsOf, pipeline.AsOf, value.AsOf, experience.AsOf, network.AsOf, meetings.AsOf, activity.AsOf], asOf => Assert.Equal(day, asOf));
    }

    [Fact]
    public void month_buckets_are_the_months_up_to_the_day_that_exist()
    {
        Assert.Equal([new DateOnly(2024, 12, 1), new DateOnly(2025, 1, 1), new DateOnly(2025, 2, 1)], Statistics.MonthsUpTo(new DateOnly(2025, 2, 14), 3));
        Assert.Equal([DateOnly.MinValue], Statistics.MonthsUpTo(DateOnly.MinValue, 12));
        Assert.Equal([new DateOnly(1, 1, 1), new DateOnly(1, 2, 1)], Statistics.MonthsUpTo(new DateOnly(1, 2, 28), 120));
        Assert.Equal([new DateOnly(9999, 11, 1), new DateOnly(9999, 12, 1)], Statistics.MonthsUpTo(DateOnly.MaxValue, 2));
    }

    [Fact]
    public void the_last_day_of_the_calendar_has_an_end()
    {
        Assert.Equal(DateTimeOffset.MaxValue, StreamHistory.EndOfDay(DateOnly.MaxValue));
        Assert.Equal(new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(-1), StreamHistory.EndOfDay(new DateOnly(2025, 6, 30)));
    }
}
