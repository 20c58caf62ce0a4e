namespace AlfaPlatform.Domain.Collaborations;

/// <summary>Where a collaboration request stands. The open states run from Draft to Active.</summary>
[GenerateSerializer, Alias("alfa.request-state")]
public enum RequestState
{
    Draft,
    Submitted,
    Screening,
    Assessment,
    Shortlisted,
    Contracting,
    Active,
    Completed,
    Declined,
    Withdrawn,
}

[GenerateSerializer, Alias("alfa.collaboration-kind")]
public enum CollaborationKind
{
    CohortOrDataAccess,
    MolecularProfiling,
    MrdMonitoring,
    ClinicalTrial,
    PreclinicalModels,
    CellOrGeneTherapy,
    Diagnostics,
    BiomarkerDiscovery,
    Other,
}

/// <summary>Why the network declines: the reasons partners find useful to hear.</summary>
[GenerateSerializer, Alias("alfa.decline-reason")]
public enum DeclineReason
{
    OutOfScope,
    TooEarlyStage,
    NoCapacity,
    DataNotAvailable,
    CommercialRouteUnclear,
    Duplicate,
    Other,
}

[GenerateSerializer, Alias("alfa.agreement-kind")]
public enum AgreementKind
{
    Confidentiality,
    MaterialTransfer,
    ResearchCollaboration,
    Service,
    Licence,
}

/// <summary>What a request is routed to: a whole organisation or platform, or one team.</summary>
[GenerateSerializer, Alias("alfa.routing-target-kind")]
public enum RoutingTargetKind
{
    Organisation,
    Team,
}
