using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using Marten;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>How the caller stands to one request: which parts of it they may see and do.</summary>
/// <param name="Targets">The routed targets the caller speaks for (a member's teams and their organisations).</param>
public sealed record RequestParty(bool IsStaff, bool IsOwner, IReadOnlySet<Guid> Targets)
{
    public bool IsTarget => Targets.Count > 0;
}

/// <summary>
/// Who may see a request: staff all of them; a partner its own company's; a member those routed to one of their
/// teams (or to the organisation a team of theirs belongs to). To anyone else a request does not exist (404).
/// </summary>
public sealed class RequestAccess(IQuerySession session, IGrainFactory grains, Caller caller, CallerIdentity identity) : IRecordParties<CollaborationRequest>
{
    /// <summary>The caller's relation to <paramref name="request"/>, or null when it is none of their business.</summary>
    public async Task<RequestParty?> PartyAsync(CollaborationRequest request, CancellationToken cancellationToken)
    {
        if (caller.Role == Roles.Staff)
        {
            return new RequestParty(IsStaff: true, IsOwner: false, new HashSet<Guid>());
        }

        if (caller.Role == Roles.Partner)
        {
            return request.PartnerOrganisationId == caller.Organisation ? new RequestParty(false, IsOwner: true, new HashSet<Guid>()) : null;
        }

        var mine = await CallerTargetsAsync(cancellationToken);
        var targets = request.Routings.Select(r => r.TargetId).Where(mine.Contains).ToHashSet();
        return targets.Count > 0 ? new RequestParty(false, false, targets) : null;
    }

    /// <summary>The request and the caller's relation to it, or null (404) for a request they may not see.</summary>
    public async Task<(StreamRecord<CollaborationRequest> Record, RequestParty Party)?> OpenAsync(Guid requestId, CancellationToken cancellationToken) =>
        await grains.GetGrain<ICollaborationGrain>(requestId).CurrentRecordAsync(session, cancellationToken) is { } record
        && await PartyAsync(record.State, cancellationToken) is { } party
            ? (record, party)
            : null;

    /// <summary>The teams a member is active in today and the organisations of those teams: who they speak for.</summary>
    public Task<IReadOnlySet<Guid>> CallerTargetsAsync(CancellationToken cancellationToken) => identity.MemberTargetsAsync(cancellationToken);

    public string RecordName => "The request";

    /// <summary>Changes the partner makes to its own request (<see cref="IOwnerStep{TRecord}"/>) are refused to staff and routed teams.</summary>
    public Rejection NotTheOwner => Rejection.Forbidden("partner_only", "This step is the partner's who made the request.");

    async Task<RecordParty?> IRecordParties<CollaborationRequest>.PartyAsync(Guid recordId, CancellationToken cancellationToken) =>
        await OpenAsync(recordId, cancellationToken) is (_, var party) ? new RecordParty(party.IsStaff, party.IsOwner, party.Targets) : null;
}
