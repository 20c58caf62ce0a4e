using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Collaborations.Contracts;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

public static class UpdateDraftOperation
{
    public sealed record Command(
        string? Title, [property: MultiLine] string? Summary, [property: MultiLine] string? ConfidentialDetails = null, bool? ConfidentialityAgreementRequired = null,
        IReadOnlyList<CollaborationKind>? Kinds = null, IReadOnlyList<string>? DiseaseAreas = null, IReadOnlyList<Capability>? Capabilities = null,
        decimal? BudgetMinEuros = null, decimal? BudgetMaxEuros = null, DateOnly? DesiredStart = null, int? DurationMonths = null)
        : RequestChange, IOwnerStep<CollaborationRequest>, IRequestDraft
    {
        Guid IOwnerStep<CollaborationRequest>.RecordId => RequestId;

        public override RequestCommand ToDomain() => new UpdateDraft(this.ToDetails());
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new RequestDraftValidator());
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains);
    }
}
