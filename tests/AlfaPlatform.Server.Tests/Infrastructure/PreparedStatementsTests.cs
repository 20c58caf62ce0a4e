using AlfaPlatform.Server.Infrastructure.Postgres;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>
/// The platform's connections keep the statements they send again and again prepared on the server, so PostgreSQL
/// parses and plans each once per connection rather than once per call; an operator can turn it off or size it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PreparedStatementsTests(PlatformFixture platform)
{
    [Fact]
    public async Task a_statement_the_platform_sends_again_and_again_is_prepared_on_its_connection()
    {
        var dataSource = platform.App.Services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();
        for (var call = 0; call < 6; call++)
        {
            await using var repeated = new NpgsqlCommand("select 'sent again and again' as marker", connection);
            await repeated.ExecuteScalarAsync();
        }

        await using var prepared = new NpgsqlCommand(
            "select count(*) from pg_prepared_statements where statement = 'select ''sent again and again'' as marker'", connection);
        Assert.Equal(1L, await prepared.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("Host=db.example", null, PlatformDataSource.DefaultMaxAutoPrepare)]
    [InlineData("Host=db.example", "0", 0)]
    [InlineData("Host=db.example", "16", 16)]
    [InlineData("Host=db.example;Max Auto Prepare=8", "0", 8)]
    [InlineData("Host=db.example;MaxAutoPrepare=0", null, 0)]
    public void the_setting_sizes_preparation_unless_the_connection_string_does(string connectionString, string? setting, int prepared)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(setting is null ? [] : [new("Postgres:MaxAutoPrepare", setting)])
            .Build();

        using var dataSource = PlatformDataSource.Build(connectionString, configuration);

        Assert.Equal(prepared, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare);
    }
}
