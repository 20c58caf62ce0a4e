using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Teams.Contracts;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.People;

/// <summary>The caller's own record: the person their account is linked to, contact details included, and every team they have been in.</summary>
public sealed record MyRecordResponse(PersonResponse Person, IReadOnlyList<MembershipResponse> Memberships);

/// <summary>
/// "Who am I in the directory": the person staff linked to the caller's account (<see cref="LinkAccount"/>), with their
/// memberships over time; null when the account is linked to no person (partners' accounts never are).
/// </summary>
public static class GetMyRecord
{
    public sealed record Query : IQuery<MyRecordResponse?>;

    public sealed class Handler(IQuerySession session, IGrainFactory grains, CallerIdentity identity, ITeamMemberships memberships) : IQueryHandler<Query, MyRecordResponse?>
    {
        public async ValueTask<MyRecordResponse?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await identity.PersonAsync(cancellationToken) is not { PersonId: var id }
                || await grains.GetGrain<IPersonGrain>(id).CurrentRecordAsync(session, cancellationToken) is not { } record)
            {
                return null;
            }

            return new MyRecordResponse(PersonResponse.From(record, contact: true), await GetMemberships.PeriodsAsync(memberships, id, null, cancellationToken));
        }
    }
}
