using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace AlfaPlatform.Server.Dashboards;

/// <summary>
/// The network at a glance, as the platform knew it at the end of a day (transaction time): organisations by kind,
/// network members by kind, active teams, active people, current team memberships, and how many organisations offer
/// each capability. No partner is named here, so members see the same answer as viewers.
/// </summary>
public static class NetworkOverview
{
    private sealed record FigureTotal(string Measure, string Key, int Total);

    public sealed record Query([FromQuery(Name = "asOf")] Day? AsOf = null) : IQuery<DashboardAnswer<Figures>>;

    public sealed record Figures(
        IReadOnlyDictionary<string, int> OrganisationsByKind,
        IReadOnlyDictionary<string, int> NetworkMembersByKind,
        int ActiveTeams,
        int People,
        int Memberships,
        IReadOnlyDictionary<string, int> CapabilityCoverage);

    public sealed class Validator(TimeProvider clock) : AsOfValidator<Query>(clock, x => x.AsOf);

    public sealed class Handler(IQuerySession session, DashboardFreshness freshness, DashboardAnswers answers, TimeProvider clock, Caller caller)
        : IQueryHandler<Query, DashboardAnswer<Figures>>
    {
        public ValueTask<DashboardAnswer<Figures>> Handle(Query query, CancellationToken cancellationToken)
        {
            // Read from this projection alone, with no name and no clock but the day asked about: kept while it stands still.
            var asOf = AsOf.For(query.AsOf, clock);
            var hidesPartners = caller.HidesPartners();
            return answers.ReadAsync(DashboardProjections.Network, (asOf.Day, hidesPartners), () => ReadAsync(asOf, hidesPartners, cancellationToken));
        }

        private async ValueTask<DashboardAnswer<Figures>> ReadAsync(AsOf asOf, bool hidesPartners, CancellationToken cancellationToken)
        {
            // Summed where they are: one row per figure and day with a change, a few dozen rows a day at most; read
            // with the freshness, in one statement.
            var table = session.DocumentStore.Options.FindOrResolveDocumentType(typeof(NetworkDayChange)).TableName.QualifiedName;
            var (fresh, totals) = await freshness.ReadWithAsync<FigureTotal[]>(
                session, DashboardProjections.Network,
                "(select coalesce(jsonb_agg(jsonb_build_object('measure', measure, 'key', key, 'total', total)), '[]'::jsonb) from (" +
                $"select data ->> 'measure' as measure, data ->> 'key' as key, sum((data ->> 'change')::int) as total from {table} " +
                "where (data ->> 'day')::date <= ? group by 1, 2) sums)",
                cancellationToken, asOf.Day);
            var sums = totals.ToDictionary(s => (s.Measure, s.Key), s => s.Total);

            IReadOnlyDictionary<string, int> By(string measure) => sums
                .Where(s => s.Key.Measure == measure && s.Value != 0)
                .OrderBy(s => s.Key.Key, StringComparer.Ordinal)
                .ToDictionary(s => s.Key.Key, s => s.Value);
            int Total(string measure) => sums.GetValueOrDefault((measure, ""));

            var figures = new Figures(
                By(NetworkOverviewProjection.Organisations),
                By(NetworkOverviewProjection.NetworkMembers),
                Total(NetworkOverviewProjection.Teams),
                Total(NetworkOverviewProjection.People),
                Total(NetworkOverviewProjection.Memberships),
                By(NetworkOverviewProjection.Capabilities));
            return new DashboardAnswer<Figures>("network", asOf.Day, hidesPartners, fresh, figures);
        }
    }
}
