using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Organisations;

/// <summary>One organisation: live from its read model, or as it stood at the end of a past day.</summary>
public static class GetOrganisation
{
    public sealed record Query(Guid OrganisationId, DateOnly? AsOf = null) : IQuery<OrganisationResponse?>;

    public sealed class Validator : AsOfValidator<Query>
    {
        public Validator(TimeProvider clock) : base(clock, x => x.AsOf)
        {
        }
    }

    public sealed class Handler(IQuerySession session, IGrainFactory grains, Caller caller) : IQueryHandler<Query, OrganisationResponse?>
    {
        public async ValueTask<OrganisationResponse?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!caller.MaySee(query.OrganisationId))
            {
                return null; // 404, not 403: another company's records do not even exist for a partner
            }

            var record = query.AsOf is { } asOf
                ? await StreamHistory.AsOfAsync<Organisation>(session, query.OrganisationId, asOf, cancellationToken)
                : await grains.GetGrain<IOrganisationGrain>(query.OrganisationId).CurrentRecordAsync(session, cancellationToken);
            return record is not null && caller.MaySee(record.State) ? OrganisationResponse.From(record) : null;
        }
    }
}
