using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Messaging;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>One request as the caller may see it: live, or as it stood at the end of a past day.</summary>
public static class GetRequest
{
    public sealed record Query(Guid RequestId, DateOnly? AsOf = null) : IQuery<RequestResponse?>;

    public sealed class Validator : AsOfValidator<Query>
    {
        public Validator(TimeProvider clock) : base(clock, x => x.AsOf)
        {
        }
    }

    public sealed class Handler(IQuerySession session, RequestAccess access, PlatformClock clock) : IQueryHandler<Query, RequestResponse?>
    {
        public async ValueTask<RequestResponse?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await access.OpenAsync(query.RequestId, cancellationToken) is not var (record, party))
            {
                return null;
            }

            // Who may see it is decided on the request as it is now; what they see, on the request as it stood then.
            if (query.AsOf is { } asOf)
            {
                if (await StreamHistory.AsOfAsync<CollaborationRequest>(session, query.RequestId, asOf, cancellationToken) is not { } then)
                {
                    return null; // it did not exist yet
                }

                record = then;
            }

            var now = query.AsOf is { } day ? StreamHistory.EndOfDay(day) : clock.GetUtcNow();
            var views = await RequestViews.ForAsync(session, [record.State], now, cancellationToken);
            return views.Shape(record, party);
        }
    }
}
