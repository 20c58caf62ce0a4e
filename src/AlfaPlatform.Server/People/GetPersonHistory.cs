using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace AlfaPlatform.Server.People;

/// <summary>A person's history is staff's to read: it holds their contact details.</summary>
public static class GetPersonHistory
{
    public sealed record Query(Guid PersonId) : IQuery<IReadOnlyList<HistoryEntry>?>;

    public sealed class Handler(IQuerySession session, IOptions<JsonOptions> json) : IQueryHandler<Query, IReadOnlyList<HistoryEntry>?>
    {
        public async ValueTask<IReadOnlyList<HistoryEntry>?> Handle(Query query, CancellationToken cancellationToken) =>
            await StreamHistory.HistoryAsync<Person>(session, query.PersonId, json.Value.SerializerOptions, cancellationToken);
    }
}
