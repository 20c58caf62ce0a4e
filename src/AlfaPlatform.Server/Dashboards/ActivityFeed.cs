using AlfaPlatform.Server.Collaborations.Contracts;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Organisations.Contracts;
using AlfaPlatform.Server.People.Contracts;
using AlfaPlatform.Server.Teams.Contracts;
using FluentValidation;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace AlfaPlatform.Server.Dashboards;

/// <summary>
/// The latest changes across the network up to the end of a day, newest first, named as the records read now.
/// Members see no partner company (neither its records nor its name on a request), no request title, and none of the
/// network's internal steps on requests; erased people read "erased person". Newest first is by when the platform
/// recorded each change, then by the events' order. It pages by entry: <c>?before=</c> the <see cref="Figures.Next"/>
/// of a page (the sequence of its last change) gives the changes older than it, so a change arriving meanwhile shifts
/// nothing; a sequence that is no change of the feed gives an empty page.
/// </summary>
public static class ActivityFeed
{
    public sealed record Query(
        [FromQuery(Name = "asOf")] Day? AsOf = null,
        [FromQuery(Name = "limit")] int Limit = 50,
        [FromQuery(Name = "before")] long? Before = null) : IQuery<DashboardAnswer<Figures>>;

    /// <param name="Next">The <c>before</c> of the next (older) page; null on the last page.</param>
    public sealed record Figures(IReadOnlyList<Item> Items, long? Next = null);

    /// <param name="Name">The record's name (a request's title); null where the reader may not see it.</param>
    /// <param name="Partner">The partner company of a request; null for members.</param>
    public sealed record Item(
        long Sequence, DateTimeOffset At, string Record, Guid RecordId, string? Name, string Event, Named? Subject, Named? Partner);

    public sealed record Named(Guid Id, string? Name);

    public sealed class Validator : AsOfValidator<Query>
    {
        public Validator(TimeProvider clock) : base(clock, x => x.AsOf)
        {
            RuleFor(x => x.Limit).InclusiveBetween(1, 200);
            RuleFor(x => x.Before).GreaterThan(0);
        }
    }

    public sealed class Handler(
        IQuerySession session, DashboardFreshness freshness, TimeProvider clock, Caller caller,
        IOrganisationDirectory organisations, ITeamDirectory teams, IPeopleDirectory people)
        : IQueryHandler<Query, DashboardAnswer<Figures>>
    {
        public async ValueTask<DashboardAnswer<Figures>> Handle(Query query, CancellationToken cancellationToken)
        {
            var asOf = AsOf.For(query.AsOf, clock);
            var hide = caller.HidesPartners();
            var (fresh, page) = await ReadPageAsync(asOf, hide, query, cancellationToken);
            var latest = page.Take(query.Limit).ToList();
            var next = page.Count > query.Limit ? latest[^1].Sequence : (long?)null;
            var ids = latest.SelectMany(x => new[] { x.RecordId, x.SubjectId ?? Guid.Empty, x.PartnerOrganisationId ?? Guid.Empty })
                .Where(id => id != Guid.Empty).Distinct().ToArray();
            var names = await NamesAsync(ids, cancellationToken);

            var items = latest.Select(x => new Item(
                x.Sequence, x.At.ToUniversalTime(), x.Record, x.RecordId, // PostgreSQL writes the time in its session's zone
                hide && x.Record == "request" ? null : names.GetValueOrDefault(x.RecordId),
                x.Event,
                x.SubjectId is { } subject ? new Named(subject, names.GetValueOrDefault(subject)) : null,
                !hide && x.PartnerOrganisationId is { } partner ? new Named(partner, names.GetValueOrDefault(partner)) : null)).ToList();
            return new DashboardAnswer<Figures>("activity", asOf.Day, hide, fresh, new Figures(items, next));
        }

        /// <summary>
        /// The page's entries, newest first, and one more to know whether an older page follows, read in the statement
        /// that reads the projection's freshness. Members see no network-only step and no partner company's own changes.
        /// Ordered as the index on (time, sequence) reads backwards, so a page costs the same today or as of a day long
        /// past (ordered by sequence, a past day's page read back through every entry since: imports date events in the
        /// past, so the two orders differ).
        /// </summary>
        private async Task<(Freshness, List<ActivityEntry>)> ReadPageAsync(AsOf asOf, bool hide, Query query, CancellationToken cancellationToken)
        {
            List<object> parameters = [asOf.KnownBy];
            var conditions = "at <= ?";
            if (hide)
            {
                conditions += " and not network_only and not (record = 'organisation' and partner_organisation_id is not null)";
            }

            var table = ActivityFeedSchema.Table(session.DocumentStore.Options.DatabaseSchemaName);
            if (query.Before is { } before)
            {
                conditions += $" and (at, sequence) < (select at, sequence from {table} where sequence = ?)";
                parameters.Add(before);
            }

            parameters.Add(query.Limit + 1);
            var page = $"""
                coalesce((select jsonb_agg(jsonb_build_object('sequence', sequence, 'at', at, 'record', record, 'recordId', record_id,
                    'event', event, 'subjectId', subject_id, 'partnerOrganisationId', partner_organisation_id, 'networkOnly', network_only)
                    order by at desc, sequence desc)
                from (select * from {table} where {conditions} order by at desc, sequence desc limit ?) e), '[]'::jsonb)
                """;
            return await freshness.ReadWithAsync<List<ActivityEntry>>(session, DashboardProjections.Activity, page, cancellationToken, [.. parameters]);
        }

        /// <summary>Names as the records read now, from their owners' directories.</summary>
        private async Task<Dictionary<Guid, string>> NamesAsync(Guid[] ids, CancellationToken cancellationToken)
        {
            var names = new Dictionary<Guid, string>();
            foreach (var o in (await organisations.FindManyAsync(ids, null, cancellationToken)).Values)
            {
                names[o.Id] = o.Name;
            }

            foreach (var t in (await teams.FindManyAsync(ids, null, cancellationToken)).Values)
            {
                names[t.Id] = t.Name;
            }

            foreach (var p in (await people.FindManyAsync(ids, null, cancellationToken)).Values)
            {
                names[p.Id] = p.DisplayName;
            }

            foreach (var (id, title) in await RequestSummaries.TitlesAsync(session, ids, cancellationToken))
            {
                names[id] = title;
            }

            return names;
        }
    }
}
