using System.Net;
using System.Text.Json;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Organisations;
using AlfaPlatform.Server.Tests.Fixtures;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Server.Tests.Organisations;

/// <summary>
/// Two independent silos over one database: each activates its own copy of the same organisation grain, as can
/// happen briefly when a cluster splits. The expected version on every append is then the only guard.
/// </summary>
public sealed class TwoActivationsTests : OwnDatabaseTests
{
    [Fact]
    public async Task concurrent_writes_through_two_activations_never_lose_an_acknowledged_change()
    {
        var app = await StartAsync();
        using var first = await PlatformFixture.CreateClientAsync(app);
        using var second = await PlatformFixture.CreateClientAsync(await StartAsync());
        var organisation = await first.RegisterOrganisationAsync();
        var url = $"/api/organisations/{organisation.Id}/profile";
        await second.GetAsync($"/api/organisations/{organisation.Id}"); // both silos now hold an activation at version 1

        var writes = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            var client = i % 2 == 0 ? first : second;
            var name = $"Writer {i}";
            var response = await client.SendJsonAsync(HttpMethod.Put, url, new { name, acronym = organisation.Acronym, country = "FR" });
            return (Name: name, response.StatusCode);
        }));

        Assert.All(writes, w => Assert.Contains(w.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var acknowledged = writes.Where(w => w.StatusCode == HttpStatusCode.OK).Select(w => w.Name).ToHashSet();
        Assert.NotEmpty(acknowledged);
        var history = (await (await first.GetAsync($"/api/organisations/{organisation.Id}/history")).ReadAsync<JsonElement>()).EnumerateArray().ToList();
        var recorded = history.Skip(1).Select(e => e.GetProperty("data").GetProperty("name").GetString()).ToList();
        // Every acknowledged change is in the history exactly once, and nothing else is.
        Assert.Equal(acknowledged.Order(), recorded.Order()!);
        Assert.Equal(Enumerable.Range(1, history.Count).Select(v => (long)v), history.Select(e => e.GetProperty("version").GetInt64()));
        // The stored record, not a GET: a read answered by an activation that did not make the last change may show
        // the version before it, for as long as two activations run (ADR 0002's amendment).
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var stored = await session.LoadAsync<StreamRecord<Organisation>>(organisation.Id);
        Assert.Equal(history.Count, stored?.Version);
    }
}
