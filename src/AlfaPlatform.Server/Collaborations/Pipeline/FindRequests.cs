using System.Linq.Expressions;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using FluentValidation;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>
/// The requests the caller is party to, newest change first: a partner's own, a member's team inbox (requests routed
/// to their teams), every request for staff (the pipeline: by state, time in state, overdue). Live or as of a date.
/// </summary>
public static class FindRequests
{
    public sealed record Query(
        [FromQuery(Name = "state")] Named<RequestState>? State = null,
        [FromQuery(Name = "overdue")] bool? Overdue = null,
        [FromQuery(Name = "text")] string? Text = null,
        [FromQuery(Name = "page")] int Page = 1,
        [FromQuery(Name = "pageSize")] int PageSize = 50,
        [FromQuery(Name = "asOf")] Day? AsOf = null) : IQuery<Page<RequestResponse>>
    {
        /// <summary>Set by the inbox route, never from the query string: only requests routed to this target.</summary>
        internal Guid? Target { get; init; }

        /// <summary>A partner's own requests, by what a request never changes (its partner company); null for other callers.</summary>
        internal static Expression<Func<StreamRecord<CollaborationRequest>, bool>>? OwnRequests(Caller caller)
        {
            var company = caller.Organisation ?? Guid.Empty; // fail closed: a partner without a company sees nothing
            return caller.Role == Roles.Partner ? r => r.State.PartnerOrganisationId == company : null;
        }

        internal IEnumerable<Expression<Func<StreamRecord<CollaborationRequest>, bool>>> Filters(Caller caller)
        {
            if (OwnRequests(caller) is { } own)
            {
                yield return own;
            }
            else if (caller.Role != Roles.Staff)
            {
                // Only routed requests can be in a team's inbox; which targets is checked per request.
                yield return r => r.State.State != RequestState.Draft && r.State.State != RequestState.Submitted && r.State.State != RequestState.Screening;
            }

            if (State?.Value is { } state)
            {
                yield return r => r.State.State == state;
            }

            if (Text?.Trim() is { Length: > 0 } text)
            {
                yield return r => r.State.Details.Title.Contains(text, StringComparison.OrdinalIgnoreCase)
                    || r.State.Details.Summary.Contains(text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    public sealed class Validator : AsOfValidator<Query>
    {
        public Validator(TimeProvider clock) : base(clock, x => x.AsOf)
        {
            RuleFor(x => x.Page).PageNumber();
            RuleFor(x => x.PageSize).InclusiveBetween(1, 200);
            RuleFor(x => x.Text).MaximumLength(200);
        }
    }

    public sealed class Handler(IQuerySession session, Caller caller, RequestAccess access, PlatformClock clock)
        : IQueryHandler<Query, Page<RequestResponse>>
    {
        public async ValueTask<Page<RequestResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            IEnumerable<StreamRecord<CollaborationRequest>> candidates;
            if (query.AsOf is { } asOf)
            {
                candidates = query.Filters(caller).Select(f => f.Compile()).Aggregate(
                    (await StreamHistory.AllAsOfAsync(session, asOf, matchingNow: Query.OwnRequests(caller), cancellationToken)).AsEnumerable(),
                    (all, filter) => all.Where(filter));
            }
            else
            {
                candidates = await query.Filters(caller)
                    .Aggregate(session.Query<StreamRecord<CollaborationRequest>>().AsQueryable(), (all, filter) => all.Where(filter))
                    .ToListAsync(cancellationToken);
            }

            var visible = new List<(StreamRecord<CollaborationRequest> Record, RequestParty Party)>();
            foreach (var record in candidates)
            {
                if (await access.PartyAsync(record.State, cancellationToken) is not { } party)
                {
                    continue;
                }

                if (query.Target is { } target)
                {
                    if (record.State.RoutingTo(target) is null || !(party.IsStaff || party.Targets.Contains(target)))
                    {
                        continue;
                    }

                    party = party.IsStaff ? party : party with { Targets = new HashSet<Guid> { target } };
                }

                visible.Add((record, party));
            }

            var now = query.AsOf is { } day ? StreamHistory.EndOfDay(day) : clock.GetUtcNow();
            var views = await RequestViews.ForAsync(session, [.. visible.Select(v => v.Record.State)], now, cancellationToken);
            var shaped = visible
                .OrderByDescending(v => v.Record.UpdatedAt)
                .Select(v => views.Shape(v.Record, v.Party))
                .Where(r => query.Overdue is not { } overdue || r.Overdue == overdue)
                .ToList();
            return new Page<RequestResponse>(
                [.. shaped.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)], query.Page, query.PageSize, shaped.Count);
        }
    }
}
