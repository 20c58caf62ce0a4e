using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Marten;
using Mediator;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Organisations.Contracts;
using AlfaPlatform.Server.Teams.Contracts;

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

    public sealed class Handler(IGrainFactory grains, Caller caller, IQuerySession session) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            caller.Role == Roles.Partner && caller.Organisation is { } company && company != Guid.Empty
                ? await PartnerOrganisations.CheckAsync(session, company, cancellationToken) is { } refused
                    ? CommandResult.Rejected(refused, 0) // an archived company drafts nothing more
                    : await (command with { PartnerOrganisationId = company }).SendAsync(grains)
                : CommandResult.Rejected(Rejection.Forbidden("partners_only", "Requests are drafted by a partner company's people or systems."), 0);
    }
}

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

/// <summary>The partner's own steps: submit, withdraw.</summary>
public static class SubmitOperation
{
    public sealed record Command : RequestChange, IOwnerStep<CollaborationRequest>
    {
        Guid IOwnerStep<CollaborationRequest>.RecordId => RequestId;

        public override RequestCommand ToDomain() => new SubmitRequest();
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains);
    }
}

public static class WithdrawOperation
{
    public sealed record Command([property: MultiLine] string? Reason) : RequestChange, IOwnerStep<CollaborationRequest>
    {
        Guid IOwnerStep<CollaborationRequest>.RecordId => RequestId;

        public override RequestCommand ToDomain() => new WithdrawRequest(Reason!);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(1000);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains);
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
    public sealed record Command([property: MultiLine] string? Note = null) : RequestChange
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
    public sealed record Command(DeclineReason? Reason, [property: MultiLine] string? Message) : RequestChange
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

/// <summary>Staff route a request in assessment to an organisation or platform of the network, or to a team.</summary>
public static class RouteOperation
{
    public sealed record Command(Guid? TargetId, [property: MultiLine] string? Reason) : RequestChange
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public RoutingTargetKind TargetKind { get; init; }

        public override RequestCommand ToDomain() => new RouteRequest(TargetId!.Value, Reason!.Trim(), TargetKind);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.TargetId).NotNull().NotEqual(Guid.Empty);
            RuleFor(x => x.Reason).NotEmpty().MaximumLength(1000);
        }
    }

    public sealed class Handler(IGrainFactory grains, IQuerySession session) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken)
        {
            var target = command.TargetId!.Value;
            RoutingTargetKind? kind =
                await new TeamDirectory(session).FindAsync(target, cancellationToken) is { IsArchived: false } ? RoutingTargetKind.Team
                : await new OrganisationDirectory(session).FindAsync(target, cancellationToken) is { IsArchived: false, Kind: not OrganisationKind.PartnerCompany }
                    ? RoutingTargetKind.Organisation
                : null;
            return kind is { } found
                ? await (command with { TargetKind = found }).SendAsync(grains)
                : CommandResult.Rejected(Rejection.NotFound("The team or network organisation to route to"), 0);
        }
    }
}

/// <summary>A routed team answers (a member of it, or staff on its behalf): interested with a proposal, or not, with a reason.</summary>
public static class AnswerRoutingOperation
{
    public sealed record Command(
        bool? Interested, [property: MultiLine] string? Approach = null, decimal? IndicativeBudgetEuros = null, [property: MultiLine] string? Timeline = null,
        DeclineReason? NotInterestedBecause = null) : RequestChange, IStaffOrTargetStep<CollaborationRequest>
    {
        Guid IStaffOrTargetStep<CollaborationRequest>.RecordId => RequestId;

        [System.Text.Json.Serialization.JsonIgnore]
        public Guid TargetId { get; init; }

        public override RequestCommand ToDomain() =>
            new AnswerRouting(TargetId, Interested!.Value, Approach?.Trim(), IndicativeBudgetEuros, Timeline?.Trim(), NotInterestedBecause);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.Interested).NotNull();
            RuleFor(x => x.Approach).NotEmpty().MaximumLength(4000).When(x => x.Interested == true);
            RuleFor(x => x.Timeline).MaximumLength(500);
            RuleFor(x => x.IndicativeBudgetEuros).GreaterThanOrEqualTo(0);
            RuleFor(x => x.NotInterestedBecause).NotNull().When(x => x.Interested == false);
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains);
    }
}

public static class ShortlistOperation
{
    public sealed record Command(IReadOnlyList<Guid>? TargetIds) : RequestChange
    {
        public override RequestCommand ToDomain() => new Shortlist(TargetIds!);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.TargetIds).NotEmpty().Must(t => t is null || t.Count <= 50);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}

/// <summary>The partner chooses one of the shortlisted proposals.</summary>
public static class SelectProposalOperation
{
    public sealed record Command(Guid? TargetId) : RequestChange, IOwnerStep<CollaborationRequest>
    {
        Guid IOwnerStep<CollaborationRequest>.RecordId => RequestId;

        public override RequestCommand ToDomain() => new SelectProposal(TargetId!.Value);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.TargetId).NotNull();
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains);
    }
}

public static class RecordAgreementOperation
{
    public sealed record Command(AgreementKind? Kind, IReadOnlyList<string>? Parties, decimal? ValueEuros, DateOnly? SignedOn) : RequestChange
    {
        public override RequestCommand ToDomain() =>
            new RecordAgreement(Kind!.Value, [.. Parties!.Select(p => p.Trim())], ValueEuros ?? 0m, SignedOn!.Value);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.Kind).NotNull();
            RuleFor(x => x.Parties).NotEmpty().Must(p => p is null || p.Count <= 20);
            RuleForEach(x => x.Parties).NotEmpty().MaximumLength(200);
            RuleFor(x => x.ValueEuros).GreaterThanOrEqualTo(0).LessThan(1_000_000_000m);
            RuleFor(x => x.SignedOn).NotNull();
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}

public static class ActivateOperation
{
    public sealed record Command : RequestChange
    {
        public override RequestCommand ToDomain() => new ActivateRequest();
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}

public static class CompleteOperation
{
    public sealed record Command([property: MultiLine] string? OutcomeNote) : RequestChange
    {
        public override RequestCommand ToDomain() => new CompleteRequest(OutcomeNote!.Trim());
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.OutcomeNote).NotEmpty().MaximumLength(4000);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}

/// <summary>At completion the partner rates its satisfaction, as the network's charter asks it to measure.</summary>
public static class RateSatisfactionOperation
{
    public sealed record Command(int? Score, [property: MultiLine] string? Comment = null) : RequestChange, IOwnerStep<CollaborationRequest>
    {
        Guid IOwnerStep<CollaborationRequest>.RecordId => RequestId;

        public override RequestCommand ToDomain() => new RateSatisfaction(Score!.Value, Comment?.Trim());
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.Score).NotNull().InclusiveBetween(1, 5);
            RuleFor(x => x.Comment).MaximumLength(4000);
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains);
    }
}
