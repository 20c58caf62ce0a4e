using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>What a partner writes about its request, field by field; validated, then the domain's details.</summary>
public interface IRequestDraft
{
    string? Title { get; }
    string? Summary { get; }
    string? ConfidentialDetails { get; }
    bool? ConfidentialityAgreementRequired { get; }
    IReadOnlyList<CollaborationKind>? Kinds { get; }
    IReadOnlyList<string>? DiseaseAreas { get; }
    IReadOnlyList<Capability>? Capabilities { get; }
    decimal? BudgetMinEuros { get; }
    decimal? BudgetMaxEuros { get; }
    DateOnly? DesiredStart { get; }
    int? DurationMonths { get; }
}

public sealed class RequestDraftValidator : AbstractValidator<IRequestDraft>
{
    public RequestDraftValidator()
    {
        RuleFor(x => x.Title).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Summary).NotEmpty().MaximumLength(4000);
        RuleFor(x => x.ConfidentialDetails).MaximumLength(20000);
        RuleFor(x => x.Kinds).Must(k => k is null || k.Count <= 9);
        RuleForEach(x => x.DiseaseAreas).NotEmpty().MaximumLength(100);
        RuleFor(x => x.BudgetMinEuros).GreaterThanOrEqualTo(0);
        RuleFor(x => x.BudgetMaxEuros).GreaterThanOrEqualTo(x => x.BudgetMinEuros ?? 0).When(x => x.BudgetMaxEuros is not null);
        RuleFor(x => x.DurationMonths).InclusiveBetween(1, 240);
    }
}

internal static class RequestDrafts
{
    public static RequestDetails ToDetails(this IRequestDraft d) => new(
        d.Title!.Trim(), d.Summary!.Trim(), d.ConfidentialDetails, d.ConfidentialityAgreementRequired ?? false, d.Kinds ?? [],
        [.. (d.DiseaseAreas ?? []).Select(a => a.Trim())], d.Capabilities ?? [], d.BudgetMinEuros, d.BudgetMaxEuros, d.DesiredStart, d.DurationMonths);
}

/// <summary>A partner starts a request for its own company; it stays a draft, visible to the partner and staff only.</summary>
public static class DraftRequestOperation
{
    public sealed record Command(
        string? Title, string? Summary, string? ConfidentialDetails = null, bool? ConfidentialityAgreementRequired = null,
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

    public sealed class Handler(IGrainFactory grains, Caller caller) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            caller.Role == Roles.Partner && caller.Organisation is { } company && company != Guid.Empty
                ? await (command with { PartnerOrganisationId = company }).SendAsync(grains)
                : CommandResult.Rejected(Rejection.Conflict("partners_only", "Requests are drafted by a partner company's people or systems."), 0);
    }
}

public static class UpdateDraftOperation
{
    public sealed record Command(
        string? Title, string? Summary, string? ConfidentialDetails = null, bool? ConfidentialityAgreementRequired = null,
        IReadOnlyList<CollaborationKind>? Kinds = null, IReadOnlyList<string>? DiseaseAreas = null, IReadOnlyList<Capability>? Capabilities = null,
        decimal? BudgetMinEuros = null, decimal? BudgetMaxEuros = null, DateOnly? DesiredStart = null, int? DurationMonths = null)
        : RequestChange, IRequestDraft
    {
        public override RequestCommand ToDomain() => new UpdateDraft(this.ToDetails());
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new RequestDraftValidator());
    }

    public sealed class Handler(IGrainFactory grains, RequestAccess access) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await access.AsOwnerAsync(command, grains, cancellationToken);
    }
}

/// <summary>The partner's own steps: submit, withdraw.</summary>
public static class SubmitOperation
{
    public sealed record Command : RequestChange
    {
        public override RequestCommand ToDomain() => new SubmitRequest();
    }

    public sealed class Handler(IGrainFactory grains, RequestAccess access) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await access.AsOwnerAsync(command, grains, cancellationToken);
    }
}

public static class WithdrawOperation
{
    public sealed record Command(string? Reason) : RequestChange
    {
        public override RequestCommand ToDomain() => new WithdrawRequest(Reason!);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(1000);
    }

    public sealed class Handler(IGrainFactory grains, RequestAccess access) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await access.AsOwnerAsync(command, grains, cancellationToken);
    }
}

/// <summary>Staff steps: screening, acceptance into assessment, declining with a reason.</summary>
public static class StartScreeningOperation
{
    public sealed record Command : RequestChange
    {
        public override RequestCommand ToDomain() => new StartScreening();
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}

public static class AcceptForAssessmentOperation
{
    public sealed record Command(string? Note = null) : RequestChange
    {
        public override RequestCommand ToDomain() => new AcceptForAssessment(Note);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.Note).MaximumLength(2000);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}

public static class DeclineOperation
{
    public sealed record Command(DeclineReason? Reason, string? Message) : RequestChange
    {
        public override RequestCommand ToDomain() => new DeclineRequest(Reason!.Value, Message!);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.Reason).NotNull();
            RuleFor(x => x.Message).NotEmpty().MaximumLength(2000);
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}

/// <summary>A partner acts only on its own company's requests; another's do not exist for it (404).</summary>
public sealed class RequestAccess(IQuerySession session, Caller caller)
{
    public async Task<bool> MaySeeAsync(Guid requestId, CancellationToken cancellationToken) =>
        caller.Role == Roles.Staff
        || (caller.Role == Roles.Partner
            && await session.LoadAsync<StreamRecord<CollaborationRequest>>(requestId, cancellationToken) is { } record
            && record.State.PartnerOrganisationId == caller.Organisation);

    public async Task<CommandResult> AsOwnerAsync(RequestChange change, IGrainFactory grains, CancellationToken cancellationToken) =>
        caller.Role == Roles.Partner && await MaySeeAsync(change.RequestId, cancellationToken)
            ? await change.SendAsync(grains)
            : CommandResult.Rejected(Rejection.NotFound("The request"), 0);
}
