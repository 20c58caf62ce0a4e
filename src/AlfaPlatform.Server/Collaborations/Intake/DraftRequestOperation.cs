using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Collaborations.Contracts;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Organisations.Contracts;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>A partner starts a request for its own company; it stays a draft, visible to the partner and staff only.</summary>
public static class DraftRequestOperation
{
    public sealed record Command(
        string? Title, [property: MultiLine] string? Summary, [property: MultiLine] string? ConfidentialDetails = null, bool? ConfidentialityAgreementRequired = null,
        IReadOnlyList<CollaborationKind>? Kinds = null, IReadOnlyList<string>? DiseaseAreas = null, IReadOnlyList<Capability>? Capabilities = null,
        decimal? BudgetMinEuros = null, decimal? BudgetMaxEuros = null, DateOnly? DesiredStart = null, int? DurationMonths = null)
        : RequestChange, IRequestDraft
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid PartnerOrganisationId { get; init; }

        public override RequestCommand ToDomain() => new DraftRequest(PartnerOrganisationId, this.ToDetails());
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new RequestDraftValidator());
    }

    public sealed class Handler(IGrainFactory grains, Caller caller, IOrganisationDirectory organisations) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            caller.Role == Roles.Partner && caller.Organisation is { } company && company != Guid.Empty
                ? await PartnerCompanies.CheckAsync(organisations, company, cancellationToken) is { } refused
                    ? CommandResult.Rejected(refused, 0) // an archived company drafts nothing more
                    : await (command with { PartnerOrganisationId = company }).SendAsync(grains)
                : CommandResult.Rejected(Rejection.Forbidden("partners_only", "Requests are drafted by a partner company's people or systems."), 0);
    }
}
