using System.Globalization;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AlfaPlatform.Server.Tests.Dashboards;

/// <summary>
/// The activity feed's page is read as JSON that PostgreSQL formats, in the session's time zone: a database whose
/// default zone is not UTC must still be answered in UTC, the same instants the records answer.
/// </summary>
public sealed class ActivityFeedTimeZoneTests : OwnDatabaseTests
{
    [Fact]
    public async Task the_feed_answers_in_utc_when_the_database_speaks_another_time_zone()
    {
        await using (var connection = new NpgsqlConnection(Database))
        {
            await connection.OpenAsync();
            var name = new NpgsqlConnectionStringBuilder(Database).Database;
            await using var command = new NpgsqlCommand($"alter database \"{name}\" set timezone to 'Pacific/Auckland'", connection);
            await command.ExecuteNonQueryAsync();
        }

        var app = await StartAsync();
        using var staff = await PlatformFixture.CreateClientAsync(app);
        var organisation = await staff.RegisterOrganisationAsync();
        await app.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));

        var item = (await staff.GetAsync("/api/dashboards/activity?limit=200").OkJsonAsync())
            .GetProperty("figures").GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("recordId").GetGuid() == organisation.Id);
        var at = DateTimeOffset.Parse(item.GetProperty("at").GetString()!, CultureInfo.InvariantCulture);

        Assert.Equal(TimeSpan.Zero, at.Offset);
        Assert.Equal(organisation.RegisteredAt, at);
    }
}
