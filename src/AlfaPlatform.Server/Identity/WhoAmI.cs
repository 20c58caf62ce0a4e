using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using Mediator;

namespace AlfaPlatform.Server.Identity;

/// <summary>Who the platform thinks the caller is, and in which role it acts.</summary>
public static class WhoAmI
{
    public sealed record Query : IQuery<Identity>;

    public sealed record Identity(string Id, string? Name, string? ActingRole, Guid? RestrictedToOrganisation);

    public sealed class Handler(Caller caller) : IQueryHandler<Query, Identity>
    {
        public ValueTask<Identity> Handle(Query query, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new Identity(caller.ActorId, caller.ActorName, caller.Role, caller.Organisation));
    }
}
