using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;
using Mediator;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace AlfaPlatform.Server.Meetings;

public static class GetMeetingHistory
{
    public sealed record Query(Guid MeetingId) : IQuery<IReadOnlyList<HistoryEntry>?>;

    public sealed class Handler(IQuerySession session, IOptions<JsonOptions> json) : IQueryHandler<Query, IReadOnlyList<HistoryEntry>?>
    {
        public async ValueTask<IReadOnlyList<HistoryEntry>?> Handle(Query query, CancellationToken cancellationToken) =>
            await StreamHistory.HistoryAsync<Meeting>(session, query.MeetingId, json.Value.SerializerOptions, cancellationToken);
    }
}
