using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

public sealed record ConfidentialDetailsResponse(Guid RequestId, string? ConfidentialDetails);

/// <summary>
/// Opening the confidential details is an act, not a side effect of listing: staff may always, a routed team once the
/// partner's condition is met (a confidentiality agreement, when asked for). The read is written to the access log
/// before the details are returned, so no one reads them unrecorded.
/// </summary>
public static class OpenConfidentialDetails
{
    public sealed record Command(Guid RequestId) : ICommand<Outcome<ConfidentialDetailsResponse>>;

    /// <summary>
    /// Why a party of the request may not open what the partner keeps for those it trusts (the confidential details, its
    /// documents), or null when they may: the partner and staff always, a routed team under the partner's condition.
    /// </summary>
    public static Rejection? Refused(Domain.Collaborations.CollaborationRequest request, RequestParty party) =>
        RequestViews.MayOpenConfidentialDetails(request, party) ? null
        : party.Targets.Any(request.InTheRunning)
            ? Rejection.Forbidden(
                "confidentiality_agreement_required",
                "The partner shares its confidential details and documents with routed teams once a confidentiality agreement is recorded.")
            : Rejection.Forbidden(
                "not_in_the_running",
                "The confidential details and documents are open to a team while its proposal is in the running, and never once the request is closed.");

    public sealed class Handler(IDocumentSession session, RequestAccess access, Caller caller, PlatformClock clock)
        : ICommandHandler<Command, Outcome<ConfidentialDetailsResponse>>
    {
        public async ValueTask<Outcome<ConfidentialDetailsResponse>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await access.OpenAsync(command.RequestId, cancellationToken) is not var (record, party))
            {
                return Rejection.NotFound("The request");
            }

            if (Refused(record.State, party) is { } refused)
            {
                return refused;
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
