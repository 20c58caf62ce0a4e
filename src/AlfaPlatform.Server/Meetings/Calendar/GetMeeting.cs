using AlfaPlatform.Server.Infrastructure.Messaging;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

/// <summary>One meeting the caller may see, live or as of a date.</summary>
public static class GetMeeting
{
    public sealed record Query(Guid MeetingId, DateOnly? AsOf = null) : IQuery<MeetingResponse?>;

    public sealed class Validator(TimeProvider clock) : AsOfValidator<Query>(clock, x => x.AsOf);

    public sealed class Handler(IQuerySession session, MeetingAccess access) : IQueryHandler<Query, MeetingResponse?>
    {
        public async ValueTask<MeetingResponse?> Handle(Query query, CancellationToken cancellationToken) =>
            await MeetingRecords.OpenAsync(session, access, query.MeetingId, query.AsOf, cancellationToken) is { } record
                ? (await MeetingNames.ShapeAsync(session, [record], cancellationToken))[0]
                : null;
    }
}
