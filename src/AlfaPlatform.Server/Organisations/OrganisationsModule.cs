using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;

namespace AlfaPlatform.Server.Organisations;

/// <summary>What the organisations feature adds to the event store.</summary>
public static class OrganisationsModule
{
    public static void ConfigureStore(StoreOptions options)
    {
        options.Events.AddEventTypes(Organisation.EventTypes);

        // Inline: staff see an organisation in the directory right after registering it.
        options.Projections.Add(new OrganisationRecordProjection(), ProjectionLifecycle.Inline);
        options.Schema.For<StreamRecord<Organisation>>().DocumentAlias("organisation");
    }
}

/// <summary>The organisation's own record, kept by the domain's fold (see <see cref="StreamRecord{TState}"/>).</summary>
public sealed partial class OrganisationRecordProjection : SingleStreamProjection<StreamRecord<Organisation>, Guid>
{
    public OrganisationRecordProjection()
    {
        // Only organisation events: other features' streams and Marten's tombstones are none of its business.
        foreach (var type in Organisation.EventTypes)
        {
            IncludeType(type);
        }
    }

    public override StreamRecord<Organisation>? Evolve(StreamRecord<Organisation>? snapshot, Guid id, IEvent e) =>
        StreamRecord<Organisation>.Advance(snapshot, id, e);
}
