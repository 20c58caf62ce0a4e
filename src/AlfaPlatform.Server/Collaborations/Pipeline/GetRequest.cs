using System.Text.Json;
using System.Text.Json.Nodes;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using AlfaPlatform.Server.Infrastructure.Security;

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
