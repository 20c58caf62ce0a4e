using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace AlfaPlatform.Server.Teams;

public static class GetTeamHistory
{
    public sealed record Query(Guid TeamId) : IQuery<IReadOnlyList<HistoryEntry>?>;

    public sealed class Handler(IQuerySession session, IOptions<JsonOptions> json) : IQueryHandler<Query, IReadOnlyList<HistoryEntry>?>
    {
        public async ValueTask<IReadOnlyList<HistoryEntry>?> Handle(Query query, CancellationToken cancellationToken) =>
            await StreamHistory.HistoryAsync<Team>(session, query.TeamId, json.Value.SerializerOptions, cancellationToken);
    }
}
