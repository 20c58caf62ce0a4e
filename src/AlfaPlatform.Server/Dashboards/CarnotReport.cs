using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using FluentValidation;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AlfaPlatform.Server.Dashboards;

/// <summary>
/// The figures a Carnot institute reports for a year, beside the year before and the yearly targets: partnership
/// value with companies by company size (the state's top-up is computed from it), the number of agreements, requests
/// received and answered within their time limit (the charter asks that every query be answered), and partner
/// satisfaction. The same facts and rules as the value and experience dashboards, so the figures agree with them: value
/// by the day an agreement was signed, requests by the day they were submitted, ratings by the day they were given,
/// each counted only once the platform had recorded it by the end of the day asked about.
/// </summary>
public static class CarnotReport
{
    /// <param name="Year">The year reported; none is the year of <paramref name="AsOf"/> (today when none).</param>
    public sealed record Query(
        [FromQuery(Name = "year")] int? Year = null,
        [FromQuery(Name = "asOf")] Day? AsOf = null) : IQuery<DashboardAnswer<Figures>>;

    public sealed record Figures(YearFigures Year, YearFigures PreviousYear, Targets Targets);

    /// <param name="ValueByCompanySize">Every size, and <c>Unknown</c> for agreements with a company of no recorded size.</param>
    /// <param name="RequestsDue">Requests received that year that were answered, or whose due day had passed.</param>
    /// <param name="AnsweredWithinTimeLimit">Of <paramref name="RequestsDue"/>, the share answered by their due day.</param>
    public sealed record YearFigures(
        int Year,
        decimal ValueEuros,
        IReadOnlyDictionary<string, decimal> ValueByCompanySize,
        int Agreements,
        int RequestsReceived,
        int RequestsDue,
        int RequestsAnsweredWithinTimeLimit,
        decimal? AnsweredWithinTimeLimit,
        int Ratings,
        decimal? Satisfaction);

    /// <summary>The network's yearly targets (configuration: <c>Dashboards:*Target*</c>).</summary>
    public sealed record Targets(decimal ValueEuros, int Agreements, decimal AnsweredWithinTimeLimit, decimal Satisfaction);

    public sealed class Validator : AsOfValidator<Query>
    {
        public Validator(TimeProvider clock) : base(clock, x => x.AsOf) =>
            RuleFor(x => x.Year).InclusiveBetween(2000, clock.GetUtcNow().Year).WithMessage("A year from 2000 to this year.");
    }

    public sealed class Handler(IQuerySession session, DashboardFreshness freshness, TimeProvider clock, Caller caller, IOptions<DashboardSettings> settings)
        : IQueryHandler<Query, DashboardAnswer<Figures>>
    {
        public async ValueTask<DashboardAnswer<Figures>> Handle(Query query, CancellationToken cancellationToken)
        {
            var fresh = await freshness.ReadAsync(session, DashboardProjections.Partnerships, cancellationToken);
            var asOf = AsOf.For(query.AsOf, clock);
            var known = await Timelines.KnownByAsync(session, asOf, cancellationToken);
            var targets = settings.Value;
            var year = query.Year ?? asOf.Day.Year; // none: the year of the day asked about
            var figures = new Figures(
                Year(known, year, asOf),
                Year(known, year - 1, asOf),
                new Targets(targets.YearlyTargetEuros, targets.YearlyAgreementsTarget, targets.AnsweredWithinTimeLimitTarget, targets.SatisfactionTarget));
            return new DashboardAnswer<Figures>("carnot", asOf.Day, caller.HidesPartners(), fresh, figures);
        }

        private static YearFigures Year(List<RequestTimeline> known, int year, AsOf asOf)
        {
            var agreements = known.SelectMany(t => t.Agreements)
                .Where(a => asOf.Knew(a.RecordedAt) && a.SignedOn <= asOf.Day && a.SignedOn.Year == year)
                .ToList();
            var bySize = Enum.GetValues<CompanySize>().Select(size => size.ToString()).Append(Unknown)
                .ToDictionary(size => size, size => agreements.Where(a => (a.PartnerSize?.ToString() ?? Unknown) == size).Sum(a => a.ValueEuros));

            var received = known.Where(t => asOf.Knew(t.SubmittedAt) && t.SubmittedAt!.Value.Year == year).ToList();
            var (due, inTime) = TimeLimits.Of(received, asOf); // as the experience dashboard counts them
            var rated = known.Where(t => asOf.Knew(t.RatedAt) && t.RatedAt!.Value.Year == year).ToList();

            return new YearFigures(
                year,
                agreements.Sum(a => a.ValueEuros),
                bySize,
                agreements.Count,
                received.Count,
                due,
                inTime,
                TimeLimits.Share(due, inTime),
                rated.Count,
                rated.Count == 0 ? null : Math.Round((decimal)rated.Average(t => t.Satisfaction!.Value), 2));
        }

        private const string Unknown = "Unknown";
    }
}
