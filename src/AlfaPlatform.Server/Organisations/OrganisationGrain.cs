using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Hosting;

namespace AlfaPlatform.Server.Organisations;

public sealed class OrganisationGrain(EventStore eventStore, PlatformClock clock)
    : EventSourcedGrain<Organisation, OrganisationCommand>(eventStore, clock), IOrganisationGrain
{
    protected override Decision Decide(Organisation? state, OrganisationCommand command, DateOnly today) =>
        OrganisationDecider.Decide(state, command, today).WithIdentity(StreamId);
}
