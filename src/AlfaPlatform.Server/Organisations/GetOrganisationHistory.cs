using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace AlfaPlatform.Server.Organisations;

/// <summary>Every change to one organisation, oldest first, with who made it, when, and what it changed.</summary>
public static class GetOrganisationHistory
{
    public sealed record Query(Guid OrganisationId) : IQuery<IReadOnlyList<HistoryEntry>?>;

    public sealed class Handler(IQuerySession session, IOptions<JsonOptions> json, Caller caller) : IQueryHandler<Query, IReadOnlyList<HistoryEntry>?>
    {
        public async ValueTask<IReadOnlyList<HistoryEntry>?> Handle(Query query, CancellationToken cancellationToken) =>
            caller.MaySee(query.OrganisationId)
                && await session.LoadAsync<StreamRecord<Organisation>>(query.OrganisationId, cancellationToken) is { } record && caller.MaySee(record.State)
                ? await StreamHistory.HistoryAsync<Organisation>(session, query.OrganisationId, json.Value.SerializerOptions, cancellationToken)
                : null;
    }
}
