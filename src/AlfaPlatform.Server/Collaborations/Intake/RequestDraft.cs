using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Organisations;
using FluentValidation;

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
