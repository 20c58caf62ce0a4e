using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Organisations;
using FluentValidation;

namespace AlfaPlatform.Server.Collaborations.Contracts;

/// <summary>
/// What a partner writes about its request, field by field, and the rules it is held to: published, so that a form
/// (the web app's draft) checks as the person types what the API will check on saving.
/// </summary>
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
