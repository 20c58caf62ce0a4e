namespace AlfaPlatform.Domain.Collaborations;

/// <summary>Who a request waits for.</summary>
public enum AwaitedParty
{
    /// <summary>The partner company that made the request.</summary>
    Partner,

    /// <summary>The network office (staff).</summary>
    Network,

    /// <summary>The teams or organisations the request is routed to, for their answers.</summary>
    Teams,

    /// <summary>Nobody: the request is closed.</summary>
    Nobody,
}

/// <summary>The step a request waits for.</summary>
public enum AwaitedStep
{
    /// <summary>The partner submits its draft.</summary>
    Submit,

    /// <summary>Staff screen the submitted request (accept or decline).</summary>
    Screening,

    /// <summary>Staff route the request, or shortlist the proposals once the routed teams have answered.</summary>
    Assessment,

    /// <summary>Routed teams answer.</summary>
    Answers,

    /// <summary>The partner chooses among the shortlisted proposals.</summary>
    Selection,

    /// <summary>Staff record the signed agreement the work needs (one besides confidentiality).</summary>
    Agreement,

    /// <summary>Staff start the collaboration.</summary>
    Activation,

    /// <summary>Staff complete it with its outcome.</summary>
    Completion,

    /// <summary>The partner rates its satisfaction.</summary>
    Rating,
}

/// <summary>What a request waits for, from whom, and by when when a time limit runs (<see cref="TimeLimits"/>).</summary>
/// <param name="Step">Null when <see cref="Party"/> is <see cref="AwaitedParty.Nobody"/>.</param>
/// <param name="DueOn">The screening's due date, or the earliest due date among the answers still awaited; null where no limit runs.</param>
public sealed record Awaiting(AwaitedParty Party, AwaitedStep? Step, DateOnly? DueOn = null)
{
    public static Awaiting Nobody { get; } = new(AwaitedParty.Nobody, null);

    /// <summary>
    /// Read from the request's state alone. In assessment the network waits to route while nothing is routed, the
    /// teams while an answer is missing, and the network again, to shortlist (or route elsewhere), once every routed
    /// team has answered. In contracting staff record an agreement until one other than confidentiality is there
    /// (activation needs it), then activate.
    /// </summary>
    public static Awaiting Of(CollaborationRequest request) => request.State switch
    {
        RequestState.Draft => new(AwaitedParty.Partner, AwaitedStep.Submit),
        RequestState.Submitted or RequestState.Screening => new(AwaitedParty.Network, AwaitedStep.Screening, request.Screening?.DueOn),
        RequestState.Assessment when request.AwaitedAnswers().ToList() is { Count: > 0 } awaited =>
            new(AwaitedParty.Teams, AwaitedStep.Answers, awaited.Select(r => r.Due?.DueOn).Where(d => d is not null).Min()),
        RequestState.Assessment => new(AwaitedParty.Network, AwaitedStep.Assessment),
        RequestState.Shortlisted => new(AwaitedParty.Partner, AwaitedStep.Selection),
        RequestState.Contracting when request.Agreements.All(a => a.Kind == AgreementKind.Confidentiality) =>
            new(AwaitedParty.Network, AwaitedStep.Agreement),
        RequestState.Contracting => new(AwaitedParty.Network, AwaitedStep.Activation),
        RequestState.Active => new(AwaitedParty.Network, AwaitedStep.Completion),
        RequestState.Completed when request.Satisfaction is null => new(AwaitedParty.Partner, AwaitedStep.Rating),
        RequestState.Completed or RequestState.Declined or RequestState.Withdrawn => Nobody,
        _ => throw new ArgumentOutOfRangeException(nameof(request), request.State, "Unknown request state."),
    };
}
