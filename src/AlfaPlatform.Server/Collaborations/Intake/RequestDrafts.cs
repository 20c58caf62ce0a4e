using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Server.Collaborations.Contracts;

namespace AlfaPlatform.Server.Collaborations;

internal static class RequestDrafts
{
    public static RequestDetails ToDetails(this IRequestDraft d) => new(
        d.Title!.Trim(), d.Summary!.Trim(), d.ConfidentialDetails, d.ConfidentialityAgreementRequired ?? false, d.Kinds ?? [],
        [.. (d.DiseaseAreas ?? []).Select(a => a.Trim())], d.Capabilities ?? [], d.BudgetMinEuros, d.BudgetMaxEuros, d.DesiredStart, d.DurationMonths);
}
