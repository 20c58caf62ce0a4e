namespace AlfaPlatform.Domain.Collaborations;

/// <summary>What can be done to a request, whatever the details: the verbs of the transition table.</summary>
public enum RequestAction
{
    EditDraft,
    Submit,
    StartScreening,
    AcceptForAssessment,
    Route,
    AnswerRouting,
    Shortlist,
    SelectProposal,
    RecordConfidentialityAgreement,
    RecordAgreement,
    Activate,
    Complete,
    RateSatisfaction,
    Decline,
    Withdraw,
    PostMessage,
    CheckTimeLimits,

    /// <summary>Attach a document, or remove one.</summary>
    ManageDocuments,
}

/// <summary>
/// The one table of what may happen in which state (and the state it leads to). Anything not in it is refused
/// with 409, naming the current state. Declining and withdrawing are possible from every open
/// state, and so are documents; the conversation once submitted.
/// </summary>
public static class RequestTransitions
{
    public static readonly IReadOnlySet<RequestState> Open = new HashSet<RequestState>
    {
        RequestState.Draft, RequestState.Submitted, RequestState.Screening, RequestState.Assessment,
        RequestState.Shortlisted, RequestState.Contracting, RequestState.Active,
    };

    public static readonly IReadOnlyDictionary<(RequestState From, RequestAction Action), RequestState> Table = Build();

    public static RequestState? Next(RequestState from, RequestAction action) =>
        Table.TryGetValue((from, action), out var next) ? next : null;

    private static Dictionary<(RequestState, RequestAction), RequestState> Build()
    {
        var table = new Dictionary<(RequestState, RequestAction), RequestState>
        {
            [(RequestState.Draft, RequestAction.EditDraft)] = RequestState.Draft,
            [(RequestState.Draft, RequestAction.Submit)] = RequestState.Submitted,
            [(RequestState.Submitted, RequestAction.StartScreening)] = RequestState.Screening,
            [(RequestState.Screening, RequestAction.AcceptForAssessment)] = RequestState.Assessment,
            [(RequestState.Assessment, RequestAction.Route)] = RequestState.Assessment,
            [(RequestState.Assessment, RequestAction.AnswerRouting)] = RequestState.Assessment,
            [(RequestState.Assessment, RequestAction.Shortlist)] = RequestState.Shortlisted,
            [(RequestState.Shortlisted, RequestAction.SelectProposal)] = RequestState.Contracting,
            [(RequestState.Assessment, RequestAction.RecordConfidentialityAgreement)] = RequestState.Assessment,
            [(RequestState.Shortlisted, RequestAction.RecordConfidentialityAgreement)] = RequestState.Shortlisted,
            [(RequestState.Contracting, RequestAction.RecordConfidentialityAgreement)] = RequestState.Contracting,
            [(RequestState.Contracting, RequestAction.RecordAgreement)] = RequestState.Contracting,
            [(RequestState.Contracting, RequestAction.Activate)] = RequestState.Active,
            [(RequestState.Active, RequestAction.Complete)] = RequestState.Completed,
            [(RequestState.Completed, RequestAction.RateSatisfaction)] = RequestState.Completed,
            [(RequestState.Submitted, RequestAction.CheckTimeLimits)] = RequestState.Submitted,
            [(RequestState.Screening, RequestAction.CheckTimeLimits)] = RequestState.Screening,
            [(RequestState.Assessment, RequestAction.CheckTimeLimits)] = RequestState.Assessment,
        };
        foreach (var open in Open)
        {
            table[(open, RequestAction.Decline)] = RequestState.Declined;
            table[(open, RequestAction.Withdraw)] = RequestState.Withdrawn;
            table[(open, RequestAction.ManageDocuments)] = open;
            if (open != RequestState.Draft)
            {
                table[(open, RequestAction.PostMessage)] = open; // a draft has no one to talk to yet
            }
        }

        return table;
    }
}
