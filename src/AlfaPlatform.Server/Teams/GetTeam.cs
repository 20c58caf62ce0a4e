using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Teams;

public static class GetTeam
{
    public sealed record Query(Guid TeamId, DateOnly? AsOf = null) : IQuery<TeamResponse?>;

    public sealed class Validator : AsOfValidator<Query>
    {
        public Validator(TimeProvider clock) : base(clock, x => x.AsOf)
        {
        }
    }

    public sealed class Handler(IQuerySession session, IGrainFactory grains) : IQueryHandler<Query, TeamResponse?>
    {
        public async ValueTask<TeamResponse?> Handle(Query query, CancellationToken cancellationToken)
        {
            var record = query.AsOf is { } asOf
                ? await StreamHistory.AsOfAsync<Team>(session, query.TeamId, asOf, cancellationToken)
                : await grains.GetGrain<ITeamGrain>(query.TeamId).CurrentRecordAsync(session, cancellationToken);
            return record is null ? null : TeamResponse.From(record);
        }
    }
}
