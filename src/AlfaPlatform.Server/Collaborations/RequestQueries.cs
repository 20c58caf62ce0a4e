using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Marten;
using Mediator;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

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
        [FromQuery(Name = "asOf")] DateOnly? AsOf = null) : IQuery<Page<RequestResponse>>
    {
        /// <summary>Set by the inbox route, never from the query string: only requests routed to this target.</summary>
        internal Guid? Target { get; init; }

        internal IEnumerable<Expression<Func<StreamRecord<CollaborationRequest>, bool>>> Filters(Caller caller)
        {
            if (caller.Role == Roles.Partner)
            {
                var company = caller.Organisation ?? Guid.Empty; // fail closed: a partner without a company sees nothing
                yield return r => r.State.PartnerOrganisationId == company;
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
                    (await StreamHistory.AllAsOfAsync<CollaborationRequest>(session, asOf, cancellationToken)).AsEnumerable(),
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

public static class GetRequest
{
    public sealed record Query(Guid RequestId) : IQuery<RequestResponse?>;

    public sealed class Handler(IQuerySession session, RequestAccess access, PlatformClock clock) : IQueryHandler<Query, RequestResponse?>
    {
        public async ValueTask<RequestResponse?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await access.OpenAsync(query.RequestId, cancellationToken) is not var (record, party))
            {
                return null;
            }

            var views = await RequestViews.ForAsync(session, [record.State], clock.GetUtcNow(), cancellationToken);
            return views.Shape(record, party);
        }
    }
}

/// <summary>
/// The request's timeline. Staff see every step, but not the confidential details (they open those on purpose, and
/// the read is logged); the partner sees its own request's, without the network's internal routing (which teams were
/// asked and what each answered): what it is shown of them is the shortlist.
/// </summary>
public static class GetRequestHistory
{
    private static readonly HashSet<string> NetworkInternal = [nameof(RequestRouted), nameof(RoutingAnswered), nameof(AnswerOverdue)];

    /// <summary>
    /// The fields of a request whose changes its partner is shown: an allow-list, so a field added for the network's
    /// own use later stays hidden until someone decides the partner may see it.
    /// </summary>
    private static readonly HashSet<string> PartnerFields = new(StringComparer.OrdinalIgnoreCase)
    {
        nameof(CollaborationRequest.Id), nameof(CollaborationRequest.PartnerOrganisationId), nameof(CollaborationRequest.Details),
        nameof(CollaborationRequest.State), nameof(CollaborationRequest.Shortlisted), nameof(CollaborationRequest.Selected),
        nameof(CollaborationRequest.Agreements), nameof(CollaborationRequest.Declined), nameof(CollaborationRequest.WithdrawnBecause),
        nameof(CollaborationRequest.Outcome), nameof(CollaborationRequest.Satisfaction), nameof(CollaborationRequest.Screening),
        nameof(CollaborationRequest.Messages),
    };

    public sealed record Query(Guid RequestId) : IQuery<IReadOnlyList<HistoryEntry>?>;

    public sealed class Handler(IQuerySession session, RequestAccess access, IOptions<JsonOptions> json) : IQueryHandler<Query, IReadOnlyList<HistoryEntry>?>
    {
        public async ValueTask<IReadOnlyList<HistoryEntry>?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await access.OpenAsync(query.RequestId, cancellationToken) is not (_, { IsStaff: var staff, IsOwner: var owner }) || !(staff || owner))
            {
                return null;
            }

            var options = json.Value.SerializerOptions;
            var history = await StreamHistory.HistoryAsync<CollaborationRequest>(session, query.RequestId, options, cancellationToken);
            var confidential = options.PropertyNamingPolicy?.ConvertName(nameof(RequestDetails.ConfidentialDetails)) ?? nameof(RequestDetails.ConfidentialDetails);
            return staff
                ? history?.Select(e => WithoutConfidentialDetails(e, confidential)).ToList()
                : history?.Where(e => !NetworkInternal.Contains(e.Event)).Select(PartnerView).ToList();
        }

        /// <summary>What staff are shown of a change: the confidential details blanked wherever they appear (event and fields).</summary>
        private static HistoryEntry WithoutConfidentialDetails(HistoryEntry entry, string field) => entry with
        {
            Data = Blanked(entry.Data, field),
            Changes = [.. entry.Changes.Select(c => c with { Before = c.Before is { } before ? Blanked(before, field) : null, After = Blanked(c.After, field) })],
        };

        private static JsonElement Blanked(JsonElement element, string field)
        {
            var node = JsonNode.Parse(element.GetRawText());
            Blank(node, field);
            return JsonSerializer.SerializeToElement(node);
        }

        private static void Blank(JsonNode? node, string field)
        {
            if (node is JsonObject o)
            {
                if (o.ContainsKey(field))
                {
                    o[field] = null;
                }

                foreach (var child in o.Select(p => p.Value).ToList())
                {
                    Blank(child, field);
                }
            }
            else if (node is JsonArray a)
            {
                foreach (var child in a)
                {
                    Blank(child, field);
                }
            }
        }

        /// <summary>The changes a partner is shown: only its fields (the routings the network keeps for itself are not).</summary>
        private static HistoryEntry PartnerView(HistoryEntry entry) =>
            entry with { Changes = [.. entry.Changes.Where(c => PartnerFields.Contains(c.Field))] };
    }
}

/// <summary>One team's (or organisation's) inbox: the requests routed to it, for its members and staff; 404 for anyone else.</summary>
public static class GetInbox
{
    public sealed record Query(Guid TargetId, FindRequests.Query Filters) : IQuery<Page<RequestResponse>?>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(FindRequests.Validator filters) => RuleFor(x => x.Filters).SetValidator(filters);
    }

    public sealed class Handler(IMediator mediator, Caller caller, RequestAccess access) : IQueryHandler<Query, Page<RequestResponse>?>
    {
        public async ValueTask<Page<RequestResponse>?> Handle(Query query, CancellationToken cancellationToken) =>
            caller.Role == Roles.Staff || (await access.CallerTargetsAsync(cancellationToken)).Contains(query.TargetId)
                ? await mediator.Send(query.Filters with { Target = query.TargetId }, cancellationToken)
                : null;
    }
}
