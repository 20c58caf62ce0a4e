using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Messaging;
using Marten;
using Mediator;
using AlfaPlatform.Server.Infrastructure.Security;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>One opening of a request's confidential details by someone other than its partner: who, when, in which role.</summary>
/// <param name="Teams">For a member, the routed teams (or organisations) they read for.</param>
public sealed record ConfidentialRead(
    Guid Id, Guid RequestId, string ActorId, string? ActorName, string Role, IReadOnlyList<Guid> Teams, DateTimeOffset At);

public sealed record ConfidentialDetailsResponse(Guid RequestId, string? ConfidentialDetails);

/// <summary>
/// Opening the confidential details is an act, not a side effect of listing: staff may always, a routed team once the
/// partner's condition is met (a confidentiality agreement, when asked for). The read is written to the access log
/// before the details are returned, so no one reads them unrecorded.
/// </summary>
public static class OpenConfidentialDetails
{
    public sealed record Command(Guid RequestId) : ICommand<Outcome<ConfidentialDetailsResponse>>;

    public sealed class Handler(IDocumentSession session, RequestAccess access, Caller caller, PlatformClock clock)
        : ICommandHandler<Command, Outcome<ConfidentialDetailsResponse>>
    {
        public async ValueTask<Outcome<ConfidentialDetailsResponse>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await access.OpenAsync(command.RequestId, cancellationToken) is not var (record, party))
            {
                return Rejection.NotFound("The request");
            }

            if (!RequestViews.MayOpenConfidentialDetails(record.State, party))
            {
                return party.Targets.Any(record.State.InTheRunning)
                    ? Rejection.Forbidden(
                        "confidentiality_agreement_required",
                        "The partner shares its confidential details with routed teams once a confidentiality agreement is recorded.")
                    : Rejection.Forbidden(
                        "not_in_the_running",
                        "The confidential details are open to a team while its proposal is in the running, and never once the request is closed.");
            }

            if (!party.IsOwner)
            {
                session.Insert(new ConfidentialRead(
                    Guid.CreateVersion7(), record.Id, caller.ActorId, caller.ActorName, caller.Role ?? "unknown",
                    [.. party.Targets], clock.GetUtcNow()));
                await session.SaveChangesAsync(cancellationToken);
            }

            return new ConfidentialDetailsResponse(record.Id, record.State.Details.ConfidentialDetails);
        }
    }
}

/// <summary>Who opened a request's confidential details, oldest first: for its partner and for staff only.</summary>
public static class GetAccessLog
{
    public sealed record Query(Guid RequestId) : IQuery<Outcome<IReadOnlyList<ConfidentialRead>>>;

    public sealed class Handler(IQuerySession session, RequestAccess access) : IQueryHandler<Query, Outcome<IReadOnlyList<ConfidentialRead>>>
    {
        public async ValueTask<Outcome<IReadOnlyList<ConfidentialRead>>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await access.OpenAsync(query.RequestId, cancellationToken) is not (_, var party))
            {
                return Rejection.NotFound("The request");
            }

            if (!(party.IsOwner || party.IsStaff))
            {
                return Rejection.Forbidden("partner_and_staff_only", "The access log of a request is for its partner and staff.");
            }

            var reads = await session.Query<ConfidentialRead>()
                .Where(r => r.RequestId == query.RequestId)
                .OrderBy(r => r.At)
                .ToListAsync(cancellationToken);
            return reads.ToList();
        }
    }
}

/// <summary>The access log of an erased reader (ADR 0008): each reading stays (who by account id, when, role, teams), by "erased person".</summary>
public static class AccessLogErasure
{
    /// <summary>Queues the changes in <paramref name="session"/>; idempotent.</summary>
    public static async Task EraseReaderAsync(IDocumentSession session, string actorId, CancellationToken cancellationToken)
    {
        var reads = await session.Query<ConfidentialRead>()
            .Where(r => r.ActorId == actorId && r.ActorName != Domain.People.PersonalData.ErasedName)
            .ToListAsync(cancellationToken);
        foreach (var read in reads)
        {
            session.Update(read with { ActorName = Domain.People.PersonalData.ErasedName });
        }
    }
}
