using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.Messaging;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>Who opened a request's confidential details or downloaded its documents, oldest first: for its partner and for staff only.</summary>
public static class GetAccessLog
{
    public sealed record Query(Guid RequestId) : IQuery<Outcome<IReadOnlyList<ConfidentialRead>>>;

    public sealed class Handler(IQuerySession session, RequestAccess access) : IQueryHandler<Query, Outcome<IReadOnlyList<ConfidentialRead>>>
    {
        public async ValueTask<Outcome<IReadOnlyList<ConfidentialRead>>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await access.OpenAsync(query.RequestId, cancellationToken) is not (_, var party))
            {
                return Rejection.NotFound("The request");
            }

            if (!(party.IsOwner || party.IsStaff))
            {
                return Rejection.Forbidden("partner_and_staff_only", "The access log of a request is for its partner and staff.");
            }

            var reads = await session.Query<ConfidentialRead>()
                .Where(r => r.RequestId == query.RequestId)
                .OrderBy(r => r.At)
                .ToListAsync(cancellationToken);
            return reads.ToList();
        }
    }
}
