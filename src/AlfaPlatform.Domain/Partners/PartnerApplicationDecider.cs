using AlfaPlatform.Domain.Common;

namespace AlfaPlatform.Domain.Partners;

/// <summary>The rules of a partner application: submitted once, then decided once (approved or rejected) by staff.</summary>
public static class PartnerApplicationDecider
{
    public static Decision Decide(PartnerApplication? state, PartnerApplicationCommand command)
    {
        if (command is SubmitPartnerApplication submit)
        {
            return state is null
                ? Decision.Accept(Submitted(submit))
                : Rejection.Conflict("already_submitted", "This application already exists.");
        }

        if (state is null)
        {
            return Rejection.NotFound("The application");
        }

        if (command is ErasePartnerContact)
        {
            return (state.ContactErased, state.Status) switch
            {
                (true, _) => Decision.Accept(), // done already: nothing more to record
                (_, ApplicationStatus.Pending) => Rejection.Conflict(
                    "still_pending", "The application waits for a decision: approve or reject it first, then erase its contact."),
                _ => Decision.Accept(new PartnerContactErased()),
            };
        }

        if (state.Status != ApplicationStatus.Pending)
        {
            return Rejection.Conflict(
                "already_decided",
                $"The application of {state.CompanyName} was already {state.Status.ToString().ToLowerInvariant()}.");
        }

        return command switch
        {
            ApprovePartnerApplication approve => Decision.Accept(new PartnerApplicationApproved(approve.OrganisationId, approve.AccountId)),
            RejectPartnerApplication reject => Decision.Accept(new PartnerApplicationRejected(reject.Reason.Trim())),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown partner application command."),
        };
    }

    /// <summary>The grain fills in the id it owns; the decider never invents identities.</summary>
    public static Decision WithIdentity(this Decision decision, Guid applicationId) =>
        decision.IsAccepted
            ? Decision.Accept(decision.Events.Select(e => e is PartnerApplicationSubmitted s ? s with { ApplicationId = applicationId } : e))
            : decision;

    private static PartnerApplicationSubmitted Submitted(SubmitPartnerApplication c) => new(
        Guid.Empty, c.CompanyName.Trim(), c.Country.Trim(), c.Size, c.Website?.Trim(), c.ContactName.Trim(), c.ContactEmail.Trim(), c.Interest.Trim(), c.StatusTokenHash);
}
