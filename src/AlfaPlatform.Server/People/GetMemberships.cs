using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Teams.Contracts;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.People;

/// <summary>
/// Every team a person has been in, with dates and roles: "what was this member last year?". As of a date, the teams
/// they were in that day, in the role they held then (by membership dates, as the platform knows them now).
/// </summary>
public static class GetMemberships
{
    public sealed record Query(Guid PersonId, DateOnly? AsOf = null) : IQuery<IReadOnlyList<MembershipResponse>?>;

    public sealed class Validator : AsOfValidator<Query>
    {
        public Validator(TimeProvider clock) : base(clock, x => x.AsOf)
        {
        }
    }

    public sealed class Handler(IQuerySession session, ITeamMemberships memberships) : IQueryHandler<Query, IReadOnlyList<MembershipResponse>?>
    {
        public async ValueTask<IReadOnlyList<MembershipResponse>?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await session.LoadAsync<StreamRecord<Person>>(query.PersonId, cancellationToken) is null)
            {
                return null;
            }

            return await PeriodsAsync(memberships, query.PersonId, query.AsOf, cancellationToken);
        }
    }

    /// <summary>The person's memberships, oldest first (all of them, or those of one day).</summary>
    internal static async Task<IReadOnlyList<MembershipResponse>> PeriodsAsync(ITeamMemberships memberships, Guid personId, DateOnly? asOf, CancellationToken cancellationToken) =>
        [.. (await memberships.PeriodsOfAsync(personId, asOf, cancellationToken))
            .Select(p => new MembershipResponse(
                p.TeamId, p.TeamName, p.OrganisationId, p.Membership.Role, p.Membership.RoleLabel, p.Membership.JoinedOn, p.Membership.LeftOn, p.Membership.Roles))
            .OrderBy(m => m.JoinedOn)];
}
