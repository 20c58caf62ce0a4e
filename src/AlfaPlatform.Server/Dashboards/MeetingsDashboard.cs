using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Organisations.Contracts;
using AlfaPlatform.Server.Teams.Contracts;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace AlfaPlatform.Server.Dashboards;

/// <summary>
/// The network's meetings as the platform knew them at the end of a day (transaction time): upcoming ones with how
/// full they are, past ones with their attendance (check-ins), attendance per organisation, and contributions per
/// team. Only published meetings count; for members, partner companies are counted together, never named.
/// </summary>
public static class MeetingsDashboard
{
    public sealed record Query([FromQuery(Name = "asOf")] Day? AsOf = null) : IQuery<DashboardAnswer<Figures>>;

    public sealed record Figures(
        IReadOnlyList<MeetingFigures> Upcoming,
        IReadOnlyList<MeetingFigures> Past,
        IReadOnlyList<OrganisationAttendance> AttendanceByOrganisation,
        IReadOnlyList<TeamContributions> ContributionsByTeam);

    /// <param name="FillRate">Seats taken over capacity (null without a capacity).</param>
    /// <param name="Attended">Registrants checked in at the venue.</param>
    public sealed record MeetingFigures(
        Guid MeetingId, string Title, string Kind, DateTimeOffset StartsAt, int? Capacity, int Registered, int Waiting, double? FillRate,
        int Attended, bool Cancelled);

    /// <param name="OrganisationId">Null for people of no organisation, and for partner companies counted together.</param>
    public sealed record OrganisationAttendance(Guid? OrganisationId, string Name, int Attended);

    public sealed record TeamContributions(Guid? TeamId, string Name, int Submitted, int Accepted);

    public sealed class Validator(TimeProvider clock) : AsOfValidator<Query>(clock, x => x.AsOf);

    public sealed class Handler(IQuerySession session, DashboardFreshness freshness, TimeProvider clock, Caller caller)
        : IQueryHandler<Query, DashboardAnswer<Figures>>
    {
        public async ValueTask<DashboardAnswer<Figures>> Handle(Query query, CancellationToken cancellationToken)
        {
            var fresh = await freshness.ReadAsync(session, DashboardProjections.Meetings, cancellationToken);
            var asOf = AsOf.For(query.AsOf, clock);
            var meetings = (await session.Query<MeetingFacts>().ToListAsync(cancellationToken))
                .Select(m => MeetingThen.Fold(m, asOf.KnownBy))
                .Where(m => m is { Published: true })
                .Select(m => m!)
                .ToList();

            var organisations = await new OrganisationDirectory(session).FindManyAsync(
                meetings.SelectMany(m => m.Organisations.Values).OfType<Guid>(), asOf: null, cancellationToken);
            var teams = (await new TeamDirectory(session).FindManyAsync(
                    meetings.SelectMany(m => m.Contributions.Values.Select(c => c.TeamId)).OfType<Guid>(), asOf: null, cancellationToken)).Values
                .ToDictionary(t => t.Id, t => t.Name);

            var hide = caller.HidesPartners();
            (Guid? Id, string Name) Organisation(Guid? id) => id is { } known && organisations.TryGetValue(known, out var o)
                ? hide && o.Kind == OrganisationKind.PartnerCompany ? (null, "Partner companies") : (known, o.Acronym)
                : (null, "No organisation");

            // Upcoming or past: a live read against now (a meeting later today is still to come), a day against its end.
            var cutoff = query.AsOf is null ? clock.GetUtcNow() : asOf.KnownBy;
            var figures = new Figures(
                [.. meetings.Where(m => !m.Cancelled && m.StartsAt > cutoff).OrderBy(m => m.StartsAt).Select(m => m.Figures())],
                [.. meetings.Where(m => m.StartsAt <= cutoff).OrderByDescending(m => m.StartsAt).Select(m => m.Figures())],
                [.. meetings.Where(m => !m.Cancelled)
                    .SelectMany(m => m.CheckedIn.Select(r => Organisation(m.Organisations.GetValueOrDefault(r))))
                    .GroupBy(o => o)
                    .Select(g => new OrganisationAttendance(g.Key.Id, g.Key.Name, g.Count()))
                    .OrderByDescending(o => o.Attended).ThenBy(o => o.Name, StringComparer.Ordinal)],
                [.. meetings.SelectMany(m => m.Contributions.Values)
                    .GroupBy(c => c.TeamId)
                    .Select(g => new TeamContributions(
                        g.Key, g.Key is { } team && teams.TryGetValue(team, out var name) ? name : "No team", g.Count(), g.Count(c => c.Accepted)))
                    .OrderByDescending(t => t.Submitted).ThenBy(t => t.Name, StringComparer.Ordinal)]);
            return new DashboardAnswer<Figures>("meetings", asOf.Day, hide, fresh, figures);
        }
    }

    /// <summary>One meeting as its facts recorded by <c>knownBy</c> describe it.</summary>
    private sealed class MeetingThen
    {
        public Guid Id { get; private init; }
        public string Title { get; private set; } = "";
        public string Kind { get; private set; } = "";
        public int? Capacity { get; private set; }
        public DateTimeOffset StartsAt { get; private set; }
        public bool Published { get; private set; }
        public bool Cancelled { get; private set; }
        public Dictionary<Guid, MeetingFactKind> Registrants { get; } = [];
        public Dictionary<Guid, Guid?> Organisations { get; } = [];
        public HashSet<Guid> CheckedIn { get; } = [];
        public Dictionary<Guid, (Guid? TeamId, bool Accepted)> Contributions { get; } = [];

        public static MeetingThen? Fold(MeetingFacts facts, DateTimeOffset knownBy)
        {
            var known = facts.Facts.Where(f => f.At <= knownBy).ToList();
            if (known.Count == 0)
            {
                return null; // not yet recorded then
            }

            var meeting = new MeetingThen { Id = facts.Id };
            foreach (var fact in known)
            {
                meeting.Apply(fact);
            }

            return meeting;
        }

        public MeetingFigures Figures()
        {
            var seated = Registrants.Count(r => r.Value == MeetingFactKind.Seated);
            return new MeetingFigures(
                Id, Title, Kind, StartsAt, Capacity, seated, Registrants.Count(r => r.Value == MeetingFactKind.Waiting),
                Capacity is > 0 and var capacity ? Math.Round((double)seated / capacity, 3) : null, CheckedIn.Count, Cancelled);
        }

        private void Apply(MeetingFact fact)
        {
            switch (fact.What)
            {
                case MeetingFactKind.Described:
                    (Title, Kind, Capacity) = (fact.Title ?? Title, fact.Kind?.ToString() ?? Kind, fact.Capacity);
                    break;
                case MeetingFactKind.Scheduled:
                    StartsAt = fact.StartsAt ?? StartsAt;
                    break;
                case MeetingFactKind.Published:
                    Published = true;
                    break;
                case MeetingFactKind.Cancelled:
                    Cancelled = true;
                    break;
                case MeetingFactKind.Seated or MeetingFactKind.Waiting or MeetingFactKind.Pending or MeetingFactKind.Left:
                    Registrants[fact.RegistrantId!.Value] = fact.What;
                    if (fact.OrganisationId is not null || !Organisations.ContainsKey(fact.RegistrantId!.Value))
                    {
                        Organisations[fact.RegistrantId!.Value] = fact.OrganisationId ?? Organisations.GetValueOrDefault(fact.RegistrantId!.Value);
                    }

                    break;
                case MeetingFactKind.CheckedIn:
                    CheckedIn.Add(fact.RegistrantId!.Value);
                    break;
                case MeetingFactKind.ContributionSubmitted:
                    Contributions[fact.ContributionId!.Value] = (fact.TeamId, false);
                    break;
                case MeetingFactKind.ContributionAccepted when Contributions.TryGetValue(fact.ContributionId!.Value, out var accepted):
                    Contributions[fact.ContributionId!.Value] = accepted with { Accepted = true };
                    break;
                case MeetingFactKind.ContributionClosed when Contributions.TryGetValue(fact.ContributionId!.Value, out var closed):
                    Contributions[fact.ContributionId!.Value] = closed with { Accepted = false };
                    break;
            }
        }
    }
}
