using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

/// <summary>The caller's registration to one meeting (the answer to registering), or null when they have none.</summary>
public static class GetMyRegistration
{
    public sealed record Query(Guid MeetingId, Guid RegistrantId) : IQuery<RegistrationResponse?>;

    public sealed class Handler(IQuerySession session) : IQueryHandler<Query, RegistrationResponse?>
    {
        public async ValueTask<RegistrationResponse?> Handle(Query query, CancellationToken cancellationToken) =>
            await session.LoadAsync<StreamRecord<Meeting>>(query.MeetingId, cancellationToken) is { State: var m }
            && m.LatestRegistration(query.RegistrantId) is { } registration
                ? RegistrationResponse.From(m, registration)
                : null;
    }
}
