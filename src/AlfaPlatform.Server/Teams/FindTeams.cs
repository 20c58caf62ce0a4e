using System.Linq.Expressions;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Teams;

public static class FindTeams
{
    public sealed record Query(Guid? OrganisationId = null, bool IncludeArchived = false, DateOnly? AsOf = null) : IQuery<IReadOnlyList<TeamResponse>>;

    public sealed class Validator : AsOfValidator<Query>
    {
        public Validator(TimeProvider clock) : base(clock, x => x.AsOf)
        {
        }
    }

    public sealed class Handler(IQuerySession session) : IQueryHandler<Query, IReadOnlyList<TeamResponse>>
    {
        public async ValueTask<IReadOnlyList<TeamResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (query.AsOf is { } asOf)
            {
                Expression<Func<StreamRecord<Team>, bool>>? ofOrganisation = query.OrganisationId is { } home ? t => t.State.OrganisationId == home : null;
                return [.. (await StreamHistory.AllAsOfAsync(session, asOf, matchingNow: ofOrganisation, cancellationToken))
                    .Where(t => (query.OrganisationId is null || t.State.OrganisationId == query.OrganisationId) && (query.IncludeArchived || !t.State.IsArchived))
                    .OrderBy(t => t.State.Name, StringComparer.Ordinal)
                    .Select(TeamResponse.From)];
            }

            var teams = session.Query<StreamRecord<Team>>().AsQueryable();
            if (query.OrganisationId is { } organisation)
            {
                teams = teams.Where(t => t.State.OrganisationId == organisation);
            }

            if (!query.IncludeArchived)
            {
                teams = teams.Where(t => !t.State.IsArchived);
            }

            return [.. (await teams.OrderBy(t => t.State.Name).ToListAsync(cancellationToken)).Select(TeamResponse.From)];
        }
    }
}
