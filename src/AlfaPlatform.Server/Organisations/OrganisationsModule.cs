using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Organisations.Contracts;
using Marten;

namespace AlfaPlatform.Server.Organisations;

/// <summary>The organisations feature: its records in the event store and its endpoints.</summary>
public sealed class OrganisationsModule : IFeatureModule
{
    public int Order => 200;

    public void AddServices(FeatureServices feature) => feature.Services.AddScoped<IOrganisationDirectory, OrganisationDirectory>();

    public void ConfigureStore(StoreOptions options) =>
        options.AddStreamRecords(new OrganisationRecordProjection(), "organisation", keepDays: true);

    public void Map(WebApplication app) => app.MapOrganisations();
}

public sealed partial class OrganisationRecordProjection : StreamRecordProjection<Organisation>;
