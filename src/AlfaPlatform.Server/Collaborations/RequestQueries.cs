using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>A request as its partner and staff see it (the confidential details included).</summary>
public sealed record RequestResponse(
    Guid Id, long Version, Guid PartnerOrganisationId, RequestState State, string Title, string Summary, string? ConfidentialDetails,
    bool ConfidentialityAgreementRequired, IReadOnlyList<CollaborationKind> Kinds, IReadOnlyList<string> DiseaseAreas,
    IReadOnlyList<Capability> Capabilities, decimal? BudgetMinEuros, decimal? BudgetMaxEuros, DateOnly? DesiredStart, int? DurationMonths,
    RequestDeclined? Declined, string? WithdrawnBecause, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static RequestResponse From(StreamRecord<CollaborationRequest> record)
    {
        var r = record.State;
        var d = r.Details;
        return new RequestResponse(
            record.Id, record.Version, r.PartnerOrganisationId, r.State, d.Title, d.Summary, d.ConfidentialDetails, d.ConfidentialityAgreementRequired,
            d.Kinds, d.DiseaseAreas, d.Capabilities, d.BudgetMinEuros, d.BudgetMaxEuros, d.DesiredStart, d.DurationMonths,
            r.Declined, r.WithdrawnBecause, record.CreatedAt, record.UpdatedAt);
    }
}

/// <summary>A partner's own requests, or (staff) every request, optionally in one state: the pipeline.</summary>
public static class FindRequests
{
    public sealed record Query(RequestState? State = null) : IQuery<IReadOnlyList<RequestResponse>>;

    public sealed class Handler(IQuerySession session, Caller caller) : IQueryHandler<Query, IReadOnlyList<RequestResponse>>
    {
        public async ValueTask<IReadOnlyList<RequestResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            var requests = session.Query<StreamRecord<CollaborationRequest>>().AsQueryable();
            if (caller.Role != Roles.Staff)
            {
                var company = caller.Organisation ?? Guid.Empty; // fail closed: a caller without a company sees nothing
                requests = requests.Where(r => r.State.PartnerOrganisationId == company);
            }

            if (query.State is { } state)
            {
                requests = requests.Where(r => r.State.State == state);
            }

            return [.. (await requests.OrderByDescending(r => r.UpdatedAt).Take(500).ToListAsync(cancellationToken)).Select(RequestResponse.From)];
        }
    }
}

public static class GetRequest
{
    public sealed record Query(Guid RequestId) : IQuery<RequestResponse?>;

    public sealed class Handler(IQuerySession session, RequestAccess access) : IQueryHandler<Query, RequestResponse?>
    {
        public async ValueTask<RequestResponse?> Handle(Query query, CancellationToken cancellationToken) =>
            await access.MaySeeAsync(query.RequestId, cancellationToken)
            && await session.LoadAsync<StreamRecord<CollaborationRequest>>(query.RequestId, cancellationToken) is { } record
                ? RequestResponse.From(record)
                : null;
    }
}

public static class GetRequestHistory
{
    public sealed record Query(Guid RequestId) : IQuery<IReadOnlyList<HistoryEntry>?>;

    public sealed class Handler(IQuerySession session, RequestAccess access, IOptions<JsonOptions> json) : IQueryHandler<Query, IReadOnlyList<HistoryEntry>?>
    {
        public async ValueTask<IReadOnlyList<HistoryEntry>?> Handle(Query query, CancellationToken cancellationToken) =>
            await access.MaySeeAsync(query.RequestId, cancellationToken)
                ? await StreamHistory.HistoryAsync<CollaborationRequest>(session, query.RequestId, json.Value.SerializerOptions, cancellationToken)
                : null;
    }
}
