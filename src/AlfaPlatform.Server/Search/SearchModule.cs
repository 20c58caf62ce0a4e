using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.People.Contracts;
using AlfaPlatform.Server.Search.Contracts;
using JasperFx.Events.Projections;
using Marten;

namespace AlfaPlatform.Server.Search;

/// <summary>Search: the index kept by an async projection, the query behind <c>GET /api/search</c>, routing's topic matches.</summary>
public sealed class SearchModule : IFeatureModule
{
    public int Order => 950;

    public void Map(WebApplication app) => app.MapSearch();

    public void ConfigureStore(StoreOptions options)
    {
        var schema = options.DatabaseSchemaName;
        options.Storage.ExtendedSchemaObjects.Add(new SearchIndexSchema.TextSearchConfigurations(schema));
        options.Storage.ExtendedSchemaObjects.Add(SearchIndexSchema.EntriesTable(schema));

        // Async: writes pay nothing for the index (a few hundred milliseconds behind at most). The rebuild route writes
        // it from the records (SearchIndexRebuild); the teardown below is for a replay the daemon runs itself (a new
        // version of the projection).
        options.AddAsyncProjection(new SearchProjection(schema), SearchProjection.Name, rebuild =>
        {
            rebuild.DeleteDataInTableOnTeardown(SearchIndexSchema.Table(schema));
            rebuild.DeleteViewTypeOnTeardown<SearchMemberships>();
            rebuild.EnableDocumentTrackingByIdentity = true;
        });
        options.Schema.For<SearchMemberships>();
    }

    public void AddServices(FeatureServices feature)
    {
        feature.Services.AddSingleton<ITopicMatches, TopicMatches>();
        feature.Services.AddSingleton<IErasureParticipant, SearchErasureParticipant>();
        feature.Services.AddSingleton<IRebuiltWithoutReplay, SearchIndexRebuild>();
    }
}
