using System.Linq.Expressions;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using Marten;
using Mediator;
using Npgsql;

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

    public sealed class Handler(IQuerySession session, NpgsqlDataSource database) : IQueryHandler<Query, IReadOnlyList<TeamResponse>>
    {
        public async ValueTask<IReadOnlyList<TeamResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            // Each condition translated to SQL for the live list and the teams by day, and compiled for the fold.
            Expression<Func<StreamRecord<Team>, bool>>? ofOrganisation = query.OrganisationId is { } home ? t => t.State.OrganisationId == home : null;
            Expression<Func<StreamRecord<Team>, bool>>? open = query.IncludeArchived ? null : t => !t.State.IsArchived;
            var filters = new[] { ofOrganisation, open }.OfType<Expression<Func<StreamRecord<Team>, bool>>>().ToList();
            if (query.AsOf is { } asOf)
            {
                // The teams by day, filtered and ordered as the live list is; folded from the events only while that
                // projection catches up with a change of the day's teams.
                var dated = await RecordsByDay.ReadAsync<Team, IReadOnlyList<RecordOnDay<Team>>>(session.DocumentStore, database, asOf, (days, ct) =>
                    filters.Aggregate(days, (all, filter) => all.WhereRecord(filter)).OrderByRecord(t => t.State.Name).ToListAsync(ct), cancellationToken);
                if (dated is not null)
                {
                    return [.. dated.Select(d => TeamResponse.From(d.Record))];
                }

                return [.. filters.Select(filter => filter.Compile())
                    .Aggregate((await StreamHistory.AllAsOfAsync(session, asOf, matchingNow: ofOrganisation, cancellationToken)).AsEnumerable(), (all, filter) => all.Where(filter))
                    .OrderBy(t => t.State.Name, StringComparer.Ordinal)
                    .Select(TeamResponse.From)];
            }

            var teams = filters.Aggregate(session.Query<StreamRecord<Team>>().AsQueryable(), (all, filter) => all.Where(filter));
            return [.. (await teams.OrderBy(t => t.State.Name).ToListAsync(cancellationToken)).Select(TeamResponse.From)];
        }
    }
}
