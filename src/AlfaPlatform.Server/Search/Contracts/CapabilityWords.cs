using AlfaPlatform.Domain.Organisations;

namespace AlfaPlatform.Server.Search.Contracts;

/// <summary>
/// Each capability in the words a person types, English and French, so a search in either language finds the
/// organisations that declare it, the teams of those organisations and the requests that seek it.
/// </summary>
public static class CapabilityWords
{
    /// <summary>The capability in words, English then French.</summary>
    public static string Of(Capability capability) => string.Join(", ", Phrases(capability));

    /// <summary>Each way of naming the capability, English first.</summary>
    public static IReadOnlyList<string> Phrases(Capability capability) => capability switch
    {
        Capability.CharacterisedCohorts => ["characterised cohorts", "cohortes caractérisées"],
        Capability.MolecularProfiling => ["molecular profiling", "profilage moléculaire"],
        Capability.MrdFlowCytometry => ["MRD flow cytometry", "MRD par cytométrie en flux"],
        Capability.CellAndGeneTherapy => ["cell and gene therapy", "thérapie cellulaire et génique"],
        Capability.ClinicalTrials => ["clinical trials", "essais cliniques"],
        Capability.RealWorldFollowUp => ["real-world follow-up", "suivi en vie réelle"],
        Capability.TargetDiscovery => ["target discovery", "découverte de cibles"],
        Capability.DrugDevelopment => ["drug development", "développement de médicaments"],
        Capability.Diagnostics => ["diagnostics", "diagnostic"],
        Capability.StartupIncubation => ["start-up incubation", "incubation de start-up"],
        Capability.GenomicsAndBioinformatics => ["genomics and bioinformatics", "génomique et bio-informatique"],
        _ => [capability.ToString()],
    };
}
