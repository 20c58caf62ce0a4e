using AlfaPlatform.Server.Infrastructure.Hosting;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

public static class GetRequest
{
    public sealed record Query(Guid RequestId) : IQuery<RequestResponse?>;

    public sealed class Handler(IQuerySession session, RequestAccess access, PlatformClock clock) : IQueryHandler<Query, RequestResponse?>
    {
        public async ValueTask<RequestResponse?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await access.OpenAsync(query.RequestId, cancellationToken) is not var (record, party))
            {
                return null;
            }

            var views = await RequestViews.ForAsync(session, [record.State], clock.GetUtcNow(), cancellationToken);
            return views.Shape(record, party);
        }
    }
}
