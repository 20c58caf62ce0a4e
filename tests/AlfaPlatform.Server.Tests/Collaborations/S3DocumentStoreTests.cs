using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static AlfaPlatform.Server.Tests.Collaborations.CollaborationApi;

namespace AlfaPlatform.Server.Tests.Collaborations;

/// <summary>
/// Documents kept in an S3-compatible bucket (<c>Documents:Storage = S3</c>) instead of PostgreSQL: the same API,
/// the bytes in the bucket and none in the database, over a real S3 server on a loopback port (<see cref="LocalS3Server"/>).
/// </summary>
public sealed class S3DocumentStoreTests : OwnDatabaseTests
{
    [Fact]
    public async Task the_store_keeps_a_documents_bytes_once_reads_them_back_and_deletes_them()
    {
        await using var server = await LocalS3Server.StartAsync();
        using var client = S3DocumentContent.Client(server.Options);
        var store = new S3DocumentContent(client, server.Options);
        var (document, request) = (Guid.NewGuid(), Guid.NewGuid());
        var bytes = SampleDocuments.Pdf();

        Assert.True(await store.SaveAsync(document, request, new MemoryStream(bytes), CancellationToken.None));
        Assert.False(await store.SaveAsync(document, request, new MemoryStream([1, 2, 3]), CancellationToken.None)); // a retry: kept as first stored
        await using (var read = await store.OpenReadAsync(document, CancellationToken.None))
        {
            Assert.Equal(bytes, ((MemoryStream)read!).ToArray());
        }

        Assert.Null(await store.OpenReadAsync(Guid.NewGuid(), CancellationToken.None));
        await store.DeleteAsync(document, CancellationToken.None);
        Assert.Null(await store.OpenReadAsync(document, CancellationToken.None));
    }

    [Fact]
    public async Task a_platform_set_to_s3_keeps_attached_documents_in_the_bucket_serves_them_and_removes_them_there()
    {
        await using var server = await LocalS3Server.StartAsync();
        var app = await StartAsync(settings: server.Settings);
        using var staff = await PlatformFixture.CreateClientAsync(app);
        using var partner = await Accounts.SignInAsNewAccountAsync(app, staff, ["partner"], (await staff.RegisterOrganisationAsync(kind: "PartnerCompany")).Id);
        var id = await new RequestJourney(staff, partner, Guid.Empty, Guid.Empty).DraftAsync();
        var bytes = SampleDocuments.Pdf();
        var key = Guid.NewGuid().ToString();

        var attached = await SampleDocuments.UploadAsync(partner, id, "protocol.pdf", bytes, "application/pdf", key).ExpectAsync(HttpStatusCode.Created);
        var document = (await attached.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        await SampleDocuments.UploadAsync(partner, id, "protocol.pdf", bytes, "application/pdf", key, "another-boundary").ExpectAsync(HttpStatusCode.Created);

        var download = await partner.GetAsync($"{Requests}/{id}/documents/{document}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, (await partner.GetAsync($"{Requests}/{id}/documents").OkJsonAsync()).GetArrayLength());
        using var client = S3DocumentContent.Client(server.Options);
        var bucket = new S3DocumentContent(client, server.Options);
        Assert.NotNull(await bucket.OpenReadAsync(document, CancellationToken.None));
        Assert.Equal(0, await DatabaseRowsAsync(app));
        Assert.IsType<S3DocumentContent>(app.Services.GetRequiredService<IDocumentContent>());

        await partner.DeleteAsync($"{Requests}/{id}/documents/{document}").ExpectAsync(HttpStatusCode.NoContent);
        Assert.Null(await bucket.OpenReadAsync(document, CancellationToken.None));
        await partner.GetAsync($"{Requests}/{id}/documents/{document}").ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_store_that_is_not_known_or_an_s3_store_without_a_bucket_stops_the_start_saying_why()
    {
        var unknown = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(settings: new() { ["Documents:Storage"] = "Floppy" }));
        Assert.Contains("'Postgres' (the default) or 'S3'", unknown.ToString(), StringComparison.Ordinal);
        var bucketless = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(settings: new() { ["Documents:Storage"] = "S3" }));
        Assert.Contains("Documents:S3:Bucket", bucketless.ToString(), StringComparison.Ordinal);
    }

    private static async Task<long> DatabaseRowsAsync(Microsoft.AspNetCore.Builder.WebApplication app)
    {
        var store = app.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        return (await session.AdvancedSql.QueryAsync<long>(
            $"select count(*) from {store.Options.DatabaseSchemaName}.collaboration_document_content", CancellationToken.None)).Single();
    }
}
