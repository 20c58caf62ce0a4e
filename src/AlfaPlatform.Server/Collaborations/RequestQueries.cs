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
using AlfaPlatform.Server.Infrastructure.Security;

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
/// the read is logged); the partner sees its own request's through an allow-list (<see cref="PartnerHistory"/>).
/// </summary>
public static class GetRequestHistory
{
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
                : history?.Select(PartnerHistory.View).OfType<HistoryEntry>().ToList();
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
    }
}

/// <summary>
/// What a partner is shown of its request's history, by allow-list: the kinds of event it may see, and in each the
/// fields of the event's data and of the request's changed fields it may see (a path goes into nested objects, and
/// through lists to each item). An event kind or field not listed is left out, so a note or routing added for the
/// network's own use stays hidden until someone decides the partner may see it. Staff's notes (the screening note,
/// the routing reasons, the teams' answers) are not listed; what the partner reads of a decline is what
/// <c>GET /{id}</c> shows it.
/// </summary>
public static class PartnerHistory
{
    private static string[] Path(params string[] names) => names;

    /// <summary>Per event kind, the fields of its data. The network's routing (which teams, their answers, their lateness) is not listed.</summary>
    private static readonly Dictionary<string, string[][]> Events = new()
    {
        [nameof(RequestDrafted)] = [Path(nameof(RequestDrafted.RequestId)), Path(nameof(RequestDrafted.PartnerOrganisationId)), Path(nameof(RequestDrafted.Details))],
        [nameof(DraftUpdated)] = [Path(nameof(DraftUpdated.Details))],
        [nameof(RequestSubmitted)] = [Path(nameof(RequestSubmitted.ScreeningDueOn))],
        [nameof(ScreeningStarted)] = [],
        [nameof(AcceptedForAssessment)] = [], // the step, never staff's note
        [nameof(ProposalsShortlisted)] = [Path(nameof(ProposalsShortlisted.TargetIds))],
        [nameof(ProposalSelected)] = [Path(nameof(ProposalSelected.TargetId))],
        [nameof(AgreementRecorded)] = [Path(nameof(AgreementRecorded.Kind)), Path(nameof(AgreementRecorded.Parties)), Path(nameof(AgreementRecorded.ValueEuros)), Path(nameof(AgreementRecorded.SignedOn))],
        [nameof(RequestActivated)] = [],
        [nameof(RequestCompleted)] = [Path(nameof(RequestCompleted.OutcomeNote))],
        [nameof(SatisfactionRated)] = [Path(nameof(SatisfactionRated.Score)), Path(nameof(SatisfactionRated.Comment))],
        [nameof(RequestDeclined)] = [Path(nameof(RequestDeclined.Reason)), Path(nameof(RequestDeclined.Message))],
        [nameof(RequestWithdrawn)] = [Path(nameof(RequestWithdrawn.Reason))],
        [nameof(ScreeningOverdue)] = [Path(nameof(ScreeningOverdue.DueOn))],
        [nameof(MessagePosted)] = [Path(nameof(MessagePosted.MessageId)), Path(nameof(MessagePosted.Text)), .. AuthorAsShown(nameof(MessagePosted.Author))],
    };

    /// <summary>The fields of the request whose changes the partner is shown (not its routings).</summary>
    private static readonly string[][] Fields =
    [
        Path(nameof(CollaborationRequest.Id)), Path(nameof(CollaborationRequest.PartnerOrganisationId)), Path(nameof(CollaborationRequest.Details)),
        Path(nameof(CollaborationRequest.State)), Path(nameof(CollaborationRequest.Shortlisted)), Path(nameof(CollaborationRequest.Selected)),
        Path(nameof(CollaborationRequest.Agreements)), Path(nameof(CollaborationRequest.Declined)), Path(nameof(CollaborationRequest.WithdrawnBecause)),
        Path(nameof(CollaborationRequest.Outcome)), Path(nameof(CollaborationRequest.Satisfaction)), Path(nameof(CollaborationRequest.Screening)),
        Path(nameof(CollaborationRequest.Messages), nameof(Message.Id)), Path(nameof(CollaborationRequest.Messages), nameof(Message.Text)),
        .. AuthorAsShown(nameof(CollaborationRequest.Messages), nameof(Message.Author)),
    ];

    /// <summary>A message's author as the conversation shows it: name, role, the team they speak for; not their account.</summary>
    private static IEnumerable<string[]> AuthorAsShown(params string[] at) =>
        new[] { nameof(MessageAuthor.Name), nameof(MessageAuthor.Role), nameof(MessageAuthor.ForTargetId) }.Select(field => (string[])[.. at, field]);

    /// <summary>The entry as the partner sees it, or null when its kind is not for the partner.</summary>
    public static HistoryEntry? View(HistoryEntry entry)
    {
        if (!Events.TryGetValue(entry.Event, out var data))
        {
            return null;
        }

        var changes = new List<FieldChange>();
        foreach (var change in entry.Changes)
        {
            var paths = Under(Fields, change.Field).ToList();
            if (paths.Count == 0)
            {
                continue;
            }

            var before = change.Before is { } was ? Kept(was, paths) : (JsonElement?)null;
            var after = Kept(change.After, paths);
            if (before is not { } shown || !JsonElement.DeepEquals(shown, after))
            {
                changes.Add(change with { Before = before, After = after });
            }
        }

        return entry with { Data = Kept(entry.Data, data), Changes = changes };
    }

    /// <summary>The rest of each path that begins with <paramref name="name"/> (JSON names are camel case; ours are not).</summary>
    private static IEnumerable<string[]> Under(IEnumerable<string[]> paths, string name) =>
        paths.Where(p => p.Length > 0 && string.Equals(p[0], name, StringComparison.OrdinalIgnoreCase)).Select(p => p[1..]);

    /// <summary>Only what the paths reach: an empty path keeps all below it; a list keeps what the paths reach in each item.</summary>
    private static JsonElement Kept(JsonElement element, IReadOnlyCollection<string[]> paths) =>
        JsonSerializer.SerializeToElement(KeptNode(element, paths));

    private static JsonNode? KeptNode(JsonElement element, IReadOnlyCollection<string[]> paths)
    {
        if (paths.Any(p => p.Length == 0))
        {
            return JsonNode.Parse(element.GetRawText());
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var kept = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    var below = Under(paths, property.Name).ToList();
                    if (below.Count > 0)
                    {
                        kept[property.Name] = KeptNode(property.Value, below);
                    }
                }

                return kept;
            case JsonValueKind.Array:
                return new JsonArray([.. element.EnumerateArray().Select(item => KeptNode(item, paths))]);
            default:
                return null; // a value where the paths expected an object: not listed, so not shown
        }
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
