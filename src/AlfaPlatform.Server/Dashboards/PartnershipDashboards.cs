using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Organisations.Contracts;
using FluentValidation;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AlfaPlatform.Server.Dashboards;

/// <summary>The request timelines the platform had recorded by the end of a day, and the partner companies' names.</summary>
internal static class Timelines
{
    public static async Task<List<RequestTimeline>> KnownByAsync(IQuerySession session, AsOf asOf, CancellationToken cancellationToken) =>
        [.. await session.Query<RequestTimeline>().Where(t => t.DraftedAt <= asOf.KnownBy).ToListAsync(cancellationToken)];

    /// <summary>
    /// The partner companies' names as they are now (the organisations' own records), as every dashboard names an
    /// organisation; null for members: partner companies are never named to them.
    /// </summary>
    public static async Task<Dictionary<Guid, string>?> PartnerNamesAsync(
        IQuerySession session, Caller caller, IEnumerable<Guid> partners, CancellationToken cancellationToken) =>
        caller.HidesPartners()
            ? null
            : (await new OrganisationDirectory(session).FindManyAsync(partners, asOf: null, cancellationToken)).Values.ToDictionary(o => o.Id, o => o.Name);
}

/// <summary>
/// The charter's "answer every partner in time", one rule for the experience dashboard and the Carnot report: of the
/// requests submitted, those due (answered, or past their screening due day) and those answered by their due day.
/// </summary>
internal static class TimeLimits
{
    public static (int Due, int AnsweredInTime) Of(IEnumerable<RequestTimeline> submitted, AsOf asOf)
    {
        var due = submitted.Where(t => t.ScreeningDueOn is not null && (asOf.Knew(t.FirstAnswerAt) || t.ScreeningDueOn < asOf.Day)).ToList();
        return (due.Count, due.Count(t => asOf.Knew(t.FirstAnswerAt) && DateOnly.FromDateTime(t.FirstAnswerAt!.Value.UtcDateTime) <= t.ScreeningDueOn));
    }

    /// <summary>The share answered in time (4 decimals), or null when none was due.</summary>
    public static decimal? Share(int due, int answeredInTime) => due == 0 ? null : Math.Round((decimal)answeredInTime / due, 4);
}

/// <param name="Days">Median and 90th percentile, in days; null when nothing was measured.</param>
public sealed record Durations(int Count, double? MedianDays, double? P90Days)
{
    public static Durations Of(IReadOnlyCollection<double> days) =>
        new(days.Count, Statistics.Percentile(days, 50), Statistics.Percentile(days, 90));
}

/// <summary>
/// The pipeline of collaboration requests as the platform knew it at the end of a day (transaction time): requests
/// per state, the flow between states per month, time spent in each state, what is overdue, why requests were
/// declined, and per partner company (not for members).
/// </summary>
public static class PartnershipPipeline
{
    public sealed record Query(
        [FromQuery(Name = "asOf")] Day? AsOf = null,
        [FromQuery(Name = "months")] int Months = 12) : IQuery<DashboardAnswer<Figures>>;

    /// <param name="Flow">Moves from one state to another, per month of the move, over the months up to the day.</param>
    /// <param name="TimeInState">Per state, how long requests stayed in it (stays that had ended by then).</param>
    /// <param name="Partners">Null for members.</param>
    public sealed record Figures(
        int Requests,
        IReadOnlyDictionary<string, int> ByState,
        IReadOnlyList<Move> Flow,
        IReadOnlyDictionary<string, Durations> TimeInState,
        Overdue Overdue,
        IReadOnlyDictionary<string, int> DeclineReasons,
        IReadOnlyList<PartnerPipeline>? Partners);

    public sealed record Move(string Month, string From, string To, int Count);

    /// <param name="Screening">Requests awaiting screening, flagged past their due day.</param>
    /// <param name="Answers">Routed teams or organisations whose answer is awaited past its due day.</param>
    public sealed record Overdue(int Screening, int Answers);

    public sealed record PartnerPipeline(Guid OrganisationId, string? Name, int Requests, IReadOnlyDictionary<string, int> ByState);

    public sealed class Validator : AsOfValidator<Query>
    {
        public Validator(TimeProvider clock) : base(clock, x => x.AsOf) => RuleFor(x => x.Months).InclusiveBetween(1, 120);
    }

    public sealed class Handler(IQuerySession session, DashboardFreshness freshness, TimeProvider clock, Caller caller)
        : IQueryHandler<Query, DashboardAnswer<Figures>>
    {
        public async ValueTask<DashboardAnswer<Figures>> Handle(Query query, CancellationToken cancellationToken)
        {
            var fresh = await freshness.ReadAsync(session, DashboardProjections.Partnerships, cancellationToken);
            var asOf = AsOf.For(query.AsOf, clock);
            var known = await Timelines.KnownByAsync(session, asOf, cancellationToken);
            var states = known.Select(t => (Timeline: t, State: t.StateAt(asOf.KnownBy)!.Value)).ToList();

            var firstMonth = Statistics.Month(Statistics.MonthsUpTo(asOf.Day, query.Months)[0]);
            var moves = known.SelectMany(t => t.States.Zip(t.States.Skip(1)))
                .Where(pair => pair.Second.At <= asOf.KnownBy && string.CompareOrdinal(Statistics.Month(pair.Second.At), firstMonth) >= 0)
                .GroupBy(pair => (Month: Statistics.Month(pair.Second.At), From: pair.First.State.ToString(), To: pair.Second.State.ToString()))
                .Select(g => new Move(g.Key.Month, g.Key.From, g.Key.To, g.Count()))
                .OrderBy(m => m.Month, StringComparer.Ordinal).ThenBy(m => m.From, StringComparer.Ordinal).ThenBy(m => m.To, StringComparer.Ordinal)
                .ToList();
            var stays = known.SelectMany(t => t.States.Zip(t.States.Skip(1)))
                .Where(pair => pair.Second.At <= asOf.KnownBy)
                .GroupBy(pair => pair.First.State)
                .OrderBy(g => g.Key)
                .ToDictionary(g => g.Key.ToString(), g => Durations.Of([.. g.Select(pair => Statistics.Days(pair.First.At, pair.Second.At))]));

            var overdue = new Overdue(
                states.Count(x => x.State is RequestState.Submitted or RequestState.Screening && asOf.Knew(x.Timeline.ScreeningOverdueAt)),
                states.Where(x => x.State == RequestState.Assessment)
                    .Sum(x => x.Timeline.Routings.Count(r => asOf.Knew(r.OverdueAt) && !asOf.Knew(r.AnsweredAt))));
            var declines = known.Where(t => asOf.Knew(t.DeclinedAt)).GroupBy(t => t.DeclineReason!.Value)
                .OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(), g => g.Count());

            var names = await Timelines.PartnerNamesAsync(session, caller, known.Select(t => t.PartnerOrganisationId), cancellationToken);
            var partners = names is null ? null : states.GroupBy(x => x.Timeline.PartnerOrganisationId)
                .Select(g => new PartnerPipeline(g.Key, names.GetValueOrDefault(g.Key), g.Count(), ByState(g.Select(x => x.State))))
                .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.OrganisationId)
                .ToList();

            var figures = new Figures(known.Count, ByState(states.Select(x => x.State)), moves, stays, overdue, declines, partners);
            return new DashboardAnswer<Figures>("pipeline", asOf.Day, caller.HidesPartners(), fresh, figures);
        }

        private static Dictionary<string, int> ByState(IEnumerable<RequestState> states) =>
            states.GroupBy(s => s).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(), g => g.Count());
    }
}

/// <summary>
/// The value of partnership agreements, by the day they were signed (business date), counting only those the
/// platform had recorded by the end of the day asked about: per year against the yearly target, with growth on the
/// year before, per month of the year, by kind, by partner size, by network organisation, and per partner company (not
/// for members). The state funds the network from the previous year's contract volume with companies, so the year's
/// funding basis is given too.
/// </summary>
public static class PartnershipValue
{
    public sealed record Query([FromQuery(Name = "asOf")] Day? AsOf = null) : IQuery<DashboardAnswer<Figures>>;

    public sealed record Figures(
        decimal YearlyTargetEuros,
        FundingBasis FundingBasis,
        IReadOnlyList<YearFigures> Years,
        IReadOnlyList<MonthValue> MonthsOfYear,
        IReadOnlyList<OrganisationValue> ByOrganisation,
        IReadOnlyList<PartnerValue>? Partners);

    /// <param name="GrowthPercent">On the year before; null for the first year or when the year before had none.</param>
    /// <param name="ShareOfTarget">The year's value over the yearly target (0.5 = half).</param>
    public sealed record YearFigures(
        int Year, int Agreements, decimal ValueEuros, decimal ShareOfTarget, decimal? GrowthPercent,
        IReadOnlyDictionary<string, decimal> ByKind, IReadOnlyDictionary<string, decimal> ByPartnerSize);

    public sealed record MonthValue(string Month, int Agreements, decimal ValueEuros);

    /// <summary>The year's funding is computed from the contract volume with companies signed the year before.</summary>
    public sealed record FundingBasis(int Year, int BasedOnYear, decimal ContractVolumeEuros);

    /// <param name="OrganisationId">The network organisation of the selected proposal; null for agreements before a selection.</param>
    public sealed record OrganisationValue(Guid? OrganisationId, string? Acronym, int Agreements, decimal ValueEuros);

    public sealed record PartnerValue(Guid OrganisationId, string? Name, string? Size, int Agreements, decimal ValueEuros);

    public sealed class Validator(TimeProvider clock) : AsOfValidator<Query>(clock, x => x.AsOf);

    public sealed class Handler(IQuerySession session, DashboardFreshness freshness, TimeProvider clock, Caller caller, IOptions<DashboardSettings> settings)
        : IQueryHandler<Query, DashboardAnswer<Figures>>
    {
        public async ValueTask<DashboardAnswer<Figures>> Handle(Query query, CancellationToken cancellationToken)
        {
            var fresh = await freshness.ReadAsync(session, DashboardProjections.Partnerships, cancellationToken);
            var asOf = AsOf.For(query.AsOf, clock);
            var target = settings.Value.YearlyTargetEuros;
            var known = await Timelines.KnownByAsync(session, asOf, cancellationToken);
            var agreements = known
                .SelectMany(t => t.Agreements.Select(a => (Partner: t.PartnerOrganisationId, Agreement: a)))
                .Where(x => asOf.Knew(x.Agreement.RecordedAt) && x.Agreement.SignedOn <= asOf.Day)
                .ToList();

            var totals = agreements.GroupBy(x => x.Agreement.SignedOn.Year).ToDictionary(g => g.Key, g => g.Sum(x => x.Agreement.ValueEuros));
            var years = agreements.GroupBy(x => x.Agreement.SignedOn.Year).OrderBy(g => g.Key).Select(g => new YearFigures(
                    g.Key,
                    g.Count(),
                    totals[g.Key],
                    Math.Round(totals[g.Key] / target, 4),
                    totals.GetValueOrDefault(g.Key - 1) is > 0 and var before ? Math.Round((totals[g.Key] - before) / before * 100, 2) : null,
                    g.GroupBy(x => x.Agreement.Kind).OrderBy(k => k.Key).ToDictionary(k => k.Key.ToString(), k => k.Sum(x => x.Agreement.ValueEuros)),
                    g.GroupBy(x => x.Agreement.PartnerSize?.ToString() ?? "Unknown").OrderBy(k => k.Key, StringComparer.Ordinal)
                        .ToDictionary(k => k.Key, k => k.Sum(x => x.Agreement.ValueEuros))))
                .ToList();
            var months = Enumerable.Range(1, asOf.Day.Month).Select(month =>
            {
                var inMonth = agreements.Where(x => x.Agreement.SignedOn.Year == asOf.Day.Year && x.Agreement.SignedOn.Month == month).ToList();
                return new MonthValue(Statistics.Month(new DateOnly(asOf.Day.Year, month, 1)), inMonth.Count, inMonth.Sum(x => x.Agreement.ValueEuros));
            }).ToList();

            var organisationIds = agreements.Select(x => x.Agreement.NetworkOrganisationId).OfType<Guid>().Distinct().ToArray();
            var acronyms = (await new OrganisationDirectory(session).FindManyAsync(organisationIds, asOf: null, cancellationToken)).Values
                .ToDictionary(o => o.Id, o => o.Acronym);
            var byOrganisation = agreements.GroupBy(x => x.Agreement.NetworkOrganisationId)
                .Select(g => new OrganisationValue(g.Key, g.Key is { } id ? acronyms.GetValueOrDefault(id) : null, g.Count(), g.Sum(x => x.Agreement.ValueEuros)))
                .OrderByDescending(o => o.ValueEuros).ThenBy(o => o.OrganisationId)
                .ToList();

            var names = await Timelines.PartnerNamesAsync(session, caller, agreements.Select(x => x.Partner), cancellationToken);
            var partners = names is null ? null : agreements.GroupBy(x => x.Partner)
                .Select(g => new PartnerValue(g.Key, names.GetValueOrDefault(g.Key), g.Last().Agreement.PartnerSize?.ToString(), g.Count(), g.Sum(x => x.Agreement.ValueEuros)))
                .OrderByDescending(p => p.ValueEuros).ThenBy(p => p.OrganisationId)
                .ToList();

            var basis = new FundingBasis(asOf.Day.Year, asOf.Day.Year - 1, totals.GetValueOrDefault(asOf.Day.Year - 1));
            return new DashboardAnswer<Figures>("value", asOf.Day, caller.HidesPartners(), fresh,
                new Figures(target, basis, years, months, byOrganisation, partners));
        }
    }
}

/// <summary>
/// What partners experience, as the platform knew it at the end of a day: how long they wait for the network's first
/// answer (screening accepted or declined, or a message from the network, whichever comes first), the share answered
/// by the screening due day, and their satisfaction at completion (per partner company, not for members).
/// </summary>
public static class PartnerExperience
{
    public sealed record Query([FromQuery(Name = "asOf")] Day? AsOf = null) : IQuery<DashboardAnswer<Figures>>;

    /// <param name="AnsweredWithinTimeLimit">Of the requests answered, or whose due day had passed, the share answered by their due day.</param>
    public sealed record Figures(
        int Submitted,
        int AwaitingFirstAnswer,
        Durations TimeToFirstAnswer,
        decimal? AnsweredWithinTimeLimit,
        Satisfaction Satisfaction,
        IReadOnlyList<PartnerSatisfaction>? Partners);

    public sealed record Satisfaction(int Ratings, decimal? Average, IReadOnlyDictionary<string, int> ByScore);

    public sealed record PartnerSatisfaction(Guid OrganisationId, string? Name, int Ratings, decimal Average);

    public sealed class Validator(TimeProvider clock) : AsOfValidator<Query>(clock, x => x.AsOf);

    public sealed class Handler(IQuerySession session, DashboardFreshness freshness, TimeProvider clock, Caller caller)
        : IQueryHandler<Query, DashboardAnswer<Figures>>
    {
        public async ValueTask<DashboardAnswer<Figures>> Handle(Query query, CancellationToken cancellationToken)
        {
            var fresh = await freshness.ReadAsync(session, DashboardProjections.Partnerships, cancellationToken);
            var asOf = AsOf.For(query.AsOf, clock);
            var submitted = (await Timelines.KnownByAsync(session, asOf, cancellationToken)).Where(t => asOf.Knew(t.SubmittedAt)).ToList();

            var answered = submitted.Where(t => asOf.Knew(t.FirstAnswerAt)).ToList();
            var waits = answered.Select(t => Statistics.Days(t.SubmittedAt!.Value, t.FirstAnswerAt!.Value)).ToList();
            var (due, inTime) = TimeLimits.Of(submitted, asOf);

            var rated = submitted.Where(t => asOf.Knew(t.RatedAt)).ToList();
            var satisfaction = new Satisfaction(
                rated.Count,
                rated.Count == 0 ? null : Math.Round((decimal)rated.Average(t => t.Satisfaction!.Value), 2),
                Enumerable.Range(1, 5).ToDictionary(score => score.ToString(System.Globalization.CultureInfo.InvariantCulture), score => rated.Count(t => t.Satisfaction == score)));
            var names = await Timelines.PartnerNamesAsync(session, caller, rated.Select(t => t.PartnerOrganisationId), cancellationToken);
            var partners = names is null ? null : rated.GroupBy(t => t.PartnerOrganisationId)
                .Select(g => new PartnerSatisfaction(g.Key, names.GetValueOrDefault(g.Key), g.Count(), Math.Round((decimal)g.Average(t => t.Satisfaction!.Value), 2)))
                .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.OrganisationId)
                .ToList();

            var figures = new Figures(
                submitted.Count,
                submitted.Count - answered.Count,
                Durations.Of(waits),
                TimeLimits.Share(due, inTime),
                satisfaction,
                partners);
            return new DashboardAnswer<Figures>("experience", asOf.Day, caller.HidesPartners(), fresh, figures);
        }
    }
}
