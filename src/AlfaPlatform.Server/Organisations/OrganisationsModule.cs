using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;

namespace AlfaPlatform.Server.Organisations;

/// <summary>What the organisations feature adds to the event store.</summary>
public static class OrganisationsModule
{
    public static void ConfigureStore(StoreOptions options) =>
        options.AddStreamRecords(new OrganisationRecordProjection(), "organisation");
}

public sealed partial class OrganisationRecordProjection : StreamRecordProjection<Organisation>;
