namespace AlfaPlatform.Domain.Organisations;

/// <summary>The controlled list of what an organisation offers partners, drawn from the network's own description.</summary>
[GenerateSerializer, Alias("alfa.capability")]
public enum Capability
{
    CharacterisedCohorts,
    MolecularProfiling,
    MrdFlowCytometry,
    CellAndGeneTherapy,
    ClinicalTrials,
    RealWorldFollowUp,
    TargetDiscovery,
    DrugDevelopment,
    Diagnostics,
    StartupIncubation,
    GenomicsAndBioinformatics,
}
