using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Organisations.Contracts;
using AlfaPlatform.Server.Teams.Contracts;
using Marten;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>
/// A request as one party sees it. The partner sees its own details (confidential ones included), the shortlisted
/// proposals, agreements and the screening time limit; staff see everything but the confidential details, which
/// they open on purpose (and the partner sees that they did); a routed team sees the non-confidential request,
/// its own routing and proposal, and whether it may open the confidential details.
/// </summary>
public sealed record RequestResponse(
    Guid Id,
    long Version,
    Guid PartnerOrganisationId,
    string? PartnerName,
    RequestState State,
    DateTimeOffset StateSince,
    int DaysInState,
    bool Overdue,
    string Title,
    string Summary,
    string? ConfidentialDetails,
    bool HasConfidentialDetails,
    bool ConfidentialityAgreementRequired,
    bool ConfidentialityAgreed,
    bool MayOpenConfidentialDetails,
    IReadOnlyList<CollaborationKind> Kinds,
    IReadOnlyList<string> DiseaseAreas,
    IReadOnlyList<Capability> Capabilities,
    decimal? BudgetMinEuros,
    decimal? BudgetMaxEuros,
    DateOnly? DesiredStart,
    int? DurationMonths,
    DateOnly? ScreeningDueOn,
    bool ScreeningOverdue,
    IReadOnlyList<RoutingView> Routings,
    IReadOnlyList<ProposalView> Proposals,
    Guid? SelectedTargetId,
    IReadOnlyList<AgreementRecorded> Agreements,
    DeclineView? Declined,
    string? WithdrawnBecause,
    string? Outcome,
    SatisfactionRated? Satisfaction,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<DocumentResponse> Documents,
    Awaiting Awaiting);

/// <summary>Why the network declined: the reason code for everyone party to it; the message for the partner and staff.</summary>
public sealed record DeclineView(DeclineReason Reason, string? Message);

/// <summary>A routing as staff and the routed team see it: its time limit and its answer.</summary>
public sealed record RoutingView(
    Guid TargetId, RoutingTargetKind TargetKind, string? TargetName, string Reason, DateOnly? AnswerDueOn, bool Overdue, RoutingAnswered? Answer);

/// <summary>A shortlisted proposal, as the partner chooses among them.</summary>
public sealed record ProposalView(Guid TargetId, string? TargetName, string? Approach, decimal? IndicativeBudgetEuros, string? Timeline);

/// <summary>Shapes requests for one party, naming organisations and teams by what people call them.</summary>
public sealed class RequestViews(IReadOnlyDictionary<Guid, string> names, DateTimeOffset now)
{
    public static async Task<RequestViews> ForAsync(
        IQuerySession session, IReadOnlyCollection<CollaborationRequest> requests, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = requests.SelectMany(r => r.Routings.Select(x => x.TargetId).Append(r.PartnerOrganisationId)).Distinct().ToList();
        var organisations = await new OrganisationDirectory(session).FindManyAsync(ids, asOf: null, cancellationToken);
        var teams = await new TeamDirectory(session).FindManyAsync(ids, asOf: null, cancellationToken);
        var names = organisations.Values.Select(o => (o.Id, Name: o.Acronym))
            .Concat(teams.Values.Select(t => (t.Id, t.Name)))
            .ToDictionary(x => x.Id, x => x.Name);
        return new RequestViews(names, now);
    }

    public RequestResponse Shape(StreamRecord<CollaborationRequest> record, RequestParty party)
    {
        var r = record.State;
        var d = r.Details;
        var network = party.IsStaff || party.IsOwner;
        var routings = r.Routings.Where(x => party.IsStaff || party.Targets.Contains(x.TargetId)).Select(View).ToList();
        var proposals = r.Shortlisted
            .Where(t => network || party.Targets.Contains(t))
            .Select(t => r.RoutingTo(t) is { Answer: var a } ? new ProposalView(t, Name(t), a?.Approach, a?.IndicativeBudgetEuros, a?.Timeline) : null)
            .OfType<ProposalView>()
            .ToList();
        var selectedForCaller = r.Selected is { } selected && party.Targets.Contains(selected);
        var overdue = party.IsTarget
            ? routings.Any(x => x.Overdue)
            : (r.AwaitsScreening() && r.Screening is { IsOverdue: true }) || (party.IsStaff && r.AwaitedAnswers().Any(x => x.Due is { IsOverdue: true }));

        return new RequestResponse(
            record.Id, record.Version, r.PartnerOrganisationId, Name(r.PartnerOrganisationId), r.State, record.PhaseSince,
            Math.Max(0, (int)(now - record.PhaseSince).TotalDays), overdue,
            d.Title, d.Summary, party.IsOwner ? d.ConfidentialDetails : null, !string.IsNullOrEmpty(d.ConfidentialDetails),
            d.ConfidentialityAgreementRequired, r.ConfidentialityAgreed(), MayOpenConfidentialDetails(r, party),
            d.Kinds, d.DiseaseAreas, d.Capabilities, d.BudgetMinEuros, d.BudgetMaxEuros, d.DesiredStart, d.DurationMonths,
            network ? r.Screening?.DueOn : null, network && r.Screening is { IsOverdue: true },
            routings, proposals, network || selectedForCaller ? r.Selected : null,
            network || selectedForCaller ? r.Agreements : [],
            r.Declined is { } declined ? new DeclineView(declined.Reason, network ? declined.Message : null) : null,
            network ? r.WithdrawnBecause : null, network || selectedForCaller ? r.Outcome : null, network ? r.Satisfaction : null,
            record.CreatedAt, record.UpdatedAt,
            MayOpenConfidentialDetails(r, party) ? [.. r.Documents.Select(DocumentResponse.From)] : [], AwaitingFor(r, party));
    }

    /// <summary>
    /// <see cref="Awaiting.Of"/> as this party may see it. Routings never reach the partner: while teams answer, it
    /// waits for the network's assessment, without a date. A routed team sees its own answer's due date, not another's.
    /// </summary>
    public static Awaiting AwaitingFor(CollaborationRequest request, RequestParty party)
    {
        var awaiting = Awaiting.Of(request);
        if (awaiting.Party != AwaitedParty.Teams || party.IsStaff)
        {
            return awaiting;
        }

        return party.IsOwner
            ? new Awaiting(AwaitedParty.Network, AwaitedStep.Assessment)
            : awaiting with
            {
                DueOn = request.AwaitedAnswers().Where(x => party.Targets.Contains(x.TargetId)).Select(x => x.Due?.DueOn).Where(d => d is not null).Min(),
            };
    }

    /// <summary>The partner and staff always; a routed target once the partner's condition (an agreement) is met.</summary>
    public static bool MayOpenConfidentialDetails(CollaborationRequest request, RequestParty party) =>
        party.IsOwner || party.IsStaff || party.Targets.Any(request.ConfidentialDetailsOpenTo);

    private RoutingView View(Routing routing) => new(
        routing.TargetId, routing.TargetKind, Name(routing.TargetId), routing.Reason, routing.Due?.DueOn, routing.Due is { IsOverdue: true }, routing.Answer);

    private string? Name(Guid id) => names.GetValueOrDefault(id);
}
