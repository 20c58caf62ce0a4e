using System.Text.Json;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Tests.Fixtures;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>
/// The rows the event store writes itself (<see cref="EventRows"/>) are the rows Marten writes: the same append made
/// both ways reads back alike, column by column, and its record is the one Marten's inline projection keeps.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class EventRowsTests(PlatformFixture platform)
{
    private readonly EventStore _store = platform.App.Services.GetRequiredService<EventStore>();
    private static readonly CommandContext Context = new("rows-test", "rows-correlation", "rows-causation", ActorName: "Rows Test", Role: "staff");

    [Fact]
    public async Task an_append_written_as_rows_reads_back_as_the_same_append_written_by_marten()
    {
        var (rows, marten) = (Guid.NewGuid(), Guid.NewGuid());
        var record = await RegisterAsync(rows);
        await RegisterAsync(marten);
        var changed = new CompanySizeChanged(CompanySize.LargeGroup, "Grew");
        var after = Organisation.Evolve(record.State, changed);

        // With the record at hand the store writes rows; without it, Marten appends and its inline projection folds.
        var written = StreamWrite.Of(rows, 1, [changed], record.State, after, record);
        var byMarten = StreamWrite.Of(marten, 1, [changed], record.State, after);
        var rowsRead = platform.App.Services.GetRequiredService<EventRows>();
        Assert.True(rowsRead.CanWrite(written));
        Assert.False(rowsRead.CanWrite(byMarten));
        await _store.AppendAsync([written], Context);
        await _store.AppendAsync([byMarten], Context);

        var schema = platform.Store.Options.Events.DatabaseSchemaName;
        await using var session = platform.Store.QuerySession();
        var eventRows = await session.AdvancedSql.QueryAsync<string>(
            $"select jsonb_build_object('version', version, 'type', type, 'dotnet', mt_dotnet_type, 'tenant', tenant_id, 'correlation', correlation_id, " +
            $"'causation', causation_id, 'headers', headers, 'user', user_name, 'archived', is_archived, 'data', data)::text from {schema}.mt_events " +
            "where stream_id = any(?) order by stream_id = ?, version", CancellationToken.None, new[] { rows, marten }, marten);
        Assert.Equal(4, eventRows.Count);
        Assert.Equal(Normalised(eventRows[1]), Normalised(eventRows[3])); // the size change, as rows and by Marten
        Assert.Equal(Normalised(eventRows[0]).Replace(rows.ToString(), "id", StringComparison.Ordinal),
            Normalised(eventRows[2]).Replace(marten.ToString(), "id", StringComparison.Ordinal));

        var streamRows = await session.AdvancedSql.QueryAsync<string>(
            $"select jsonb_build_object('type', type, 'version', version, 'tenant', tenant_id, 'archived', is_archived)::text from {schema}.mt_streams " +
            "where id = any(?) order by id = ?", CancellationToken.None, new[] { rows, marten }, marten);
        Assert.Equal(streamRows[0], streamRows[1]);
        Assert.Contains("\"version\": 2", streamRows[0], StringComparison.Ordinal);

        var table = platform.Store.Options.FindOrResolveDocumentType(typeof(StreamRecord<Organisation>)).TableName.QualifiedName;
        var documentRows = await session.AdvancedSql.QueryAsync<string>(
            $"select jsonb_build_object('version', mt_version, 'dotnet', mt_dotnet_type, 'createdAtColumn', created_at = (data ->> 'createdAt')::timestamptz, 'latestEventAtColumn', latest_event_at = (data ->> 'latestEventAt')::timestamptz, 'data', data #- '{{id}}' #- '{{state,id}}' #- '{{state,name}}' #- '{{state,acronym}}' #- '{{createdAt}}' #- '{{updatedAt}}' #- '{{phaseSince}}' #- '{{latestEventAt}}')::text " +
            $"from {table} where id = any(?) order by id = ?", CancellationToken.None, new[] { rows, marten }, marten);
        Assert.Equal(documentRows[0], documentRows[1]);
        Assert.Contains("\"version\": 2", documentRows[0], StringComparison.Ordinal);
        Assert.Contains("\"createdAtColumn\": true", documentRows[0], StringComparison.Ordinal); // the first instant's column, as Marten writes it
        Assert.Contains("\"latestEventAtColumn\": true", documentRows[0], StringComparison.Ordinal); // and the latest's

        var fetched = await session.Events.FetchStreamAsync(rows);
        Assert.Equal(["OrganisationRegistered", "CompanySizeChanged"], fetched.Select(e => e.Data.GetType().Name));
        Assert.Equal(("rows-test", "Rows Test"), (fetched[1].GetHeader(EventStore.ActorHeader)?.ToString(), fetched[1].GetHeader(EventStore.ActorNameHeader)?.ToString()));
        var stored = await session.LoadAsync<StreamRecord<Organisation>>(rows);
        Assert.Equal(JsonSerializer.Serialize(StreamRecord<Organisation>.Fold(rows, fetched)), JsonSerializer.Serialize(stored)); // lists and arrays alike
    }

    private async Task<StreamRecord<Organisation>> RegisterAsync(Guid id)
    {
        var registered = new OrganisationRegistered(id, "Rows", "RW" + id.ToString("N")[^10..], OrganisationKind.PartnerCompany, "Lyon", "FR", [], null, CompanySize.Sme);
        var state = Organisation.Evolve(null, registered);
        var appended = await _store.AppendEventsAsync([StreamWrite.Of(id, 0, [registered], null, state)], Context);
        return StreamRecord<Organisation>.Advance(null, id, appended.Events[0]);
    }

    /// <summary>The row's JSON without what differs by nature between two appends (its acronym, name and ids).</summary>
    private static string Normalised(string row)
    {
        using var json = JsonDocument.Parse(row);
        var values = json.RootElement.EnumerateObject().Where(p => p.Name != "data" || !p.Value.TryGetProperty("organisationId", out _))
            .ToDictionary(p => p.Name, p => p.Value.ToString());
        return string.Join("|", values.OrderBy(v => v.Key).Select(v => $"{v.Key}={v.Value}"));
    }
}
