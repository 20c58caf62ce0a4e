using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Organisations.Contracts;
using FluentValidation;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace AlfaPlatform.Server.Dashboards;

/// <summary>
/// Team membership over time, by the membership dates (business dates) as the platform had recorded them by the end
/// of the day asked about: headcount per organisation and role on that day, and for each of the months up to it the
/// headcount at the month's end, joiners and leavers (by joined and left dates).
/// </summary>
public static class MembershipDashboard
{
    public sealed record Query(
        [FromQuery(Name = "asOf")] Day? AsOf = null,
        [FromQuery(Name = "months")] int Months = 12) : IQuery<DashboardAnswer<Figures>>;

    public sealed record Figures(int Headcount, IReadOnlyList<OrganisationHeadcount> Organisations, IReadOnlyList<MonthFigures> Months);

    public sealed record OrganisationHeadcount(Guid OrganisationId, string? Acronym, int Headcount, IReadOnlyDictionary<string, int> ByRole);

    /// <param name="Headcount">Members at the end of the month (on the day asked about, for its own month).</param>
    public sealed record MonthFigures(string Month, int Headcount, int Joiners, int Leavers);

    public sealed class Validator : AsOfValidator<Query>
    {
        public Validator(TimeProvider clock) : base(clock, x => x.AsOf) => RuleFor(x => x.Months).InclusiveBetween(1, 120);
    }

    public sealed class Handler(IQuerySession session, DashboardFreshness freshness, TimeProvider clock, Caller caller)
        : IQueryHandler<Query, DashboardAnswer<Figures>>
    {
        public async ValueTask<DashboardAnswer<Figures>> Handle(Query query, CancellationToken cancellationToken)
        {
            var fresh = await freshness.ReadAsync(session, DashboardProjections.Membership, cancellationToken);
            var asOf = AsOf.For(query.AsOf, clock);
            var known = await session.Query<MembershipFacts>().Where(m => m.RecordedAt <= asOf.KnownBy).ToListAsync(cancellationToken);

            var on = known.Select(m => (m.OrganisationId, Role: m.RoleOn(asOf.Day, asOf.KnownBy))).Where(x => x.Role is not null).ToList();
            var organisationIds = on.Select(x => x.OrganisationId).Distinct().ToArray();
            var names = (await new OrganisationDirectory(session).FindManyAsync(organisationIds, asOf: null, cancellationToken)).Values
                .ToDictionary(o => o.Id, o => o.Acronym);
            var organisations = on.GroupBy(x => x.OrganisationId)
                .Select(g => new OrganisationHeadcount(g.Key, names.GetValueOrDefault(g.Key), g.Count(),
                    g.GroupBy(x => x.Role!.Value.ToString()).OrderBy(r => r.Key, StringComparer.Ordinal).ToDictionary(r => r.Key, r => r.Count())))
                .OrderBy(o => o.Acronym, StringComparer.Ordinal).ThenBy(o => o.OrganisationId)
                .ToList();

            var months = Statistics.MonthsUpTo(asOf.Day, query.Months).Select(start =>
            {
                var end = start.Year == asOf.Day.Year && start.Month == asOf.Day.Month ? asOf.Day : start.AddMonths(1).AddDays(-1);
                return new MonthFigures(
                    Statistics.Month(start),
                    known.Count(m => m.RoleOn(end, asOf.KnownBy) is not null),
                    known.Count(m => m.JoinedOn >= start && m.JoinedOn <= end),
                    known.Count(m => asOf.Knew(m.LeftRecordedAt) && m.LeftOn >= start && m.LeftOn <= end));
            }).ToList();

            return new DashboardAnswer<Figures>("membership", asOf.Day, caller.HidesPartners(), fresh, new Figures(on.Count, organisations, months));
        }
    }
}
