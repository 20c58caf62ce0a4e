using AlfaPlatform.Domain.Organisations;
using static AlfaPlatform.Domain.Organisations.Capability;
using static AlfaPlatform.Domain.Organisations.OrganisationKind;

namespace AlfaPlatform.Server.Organisations.Contracts;

/// <summary>
/// The OPALE network as it describes itself (shared/domain): the institute, its cooperative groups, research
/// teams and R&amp;D platforms, with the capabilities its own text attributes to them. All joined the network when
/// it was labelled Carnot in February 2020.
/// </summary>
/// <remarks>
/// OPALE is two things in that text: the Carnot institute that gathers the network, and one of its 7 cooperative
/// groups for clinical research ("The Organization for Partnerships in Leukemia (OPALE)"). An organisation has one
/// kind, which the directory, the dashboards and routing count by, so the group is its own record of kind
/// CooperativeGroup beside the institute; its acronym is OPALE-CG because an acronym names one active organisation.
/// </remarks>
public static class OrganisationSeed
{
    public static readonly DateOnly Labelled = new(2020, 2, 1);

    public sealed record Entry(
        string Acronym, string Name, OrganisationKind Kind, string? City, string[] Affiliations, Capability[] Capabilities, string? Website = null);

    private static readonly Capability[] ClinicalGroup = [ClinicalTrials, CharacterisedCohorts, RealWorldFollowUp];

    public static readonly IReadOnlyList<Entry> Network =
    [
        new("OPALE", "Institut Carnot OPALE — Organization for Partnership Research in Leukemia", Institute, "Paris",
            ["Institut Carnot", "FINDMED consortium"], [StartupIncubation], "https://www.opale.org"),

        new("OPALE-CG", "Organization for Partnerships in Leukemia (OPALE), cooperative group", CooperativeGroup, null, [], ClinicalGroup),
        new("ALFA", "Acute Leukemia French Association", CooperativeGroup, null, [],
            [.. ClinicalGroup, MolecularProfiling, MrdFlowCytometry]),
        new("GRAALL", "Group for Research on Adult Acute Lymphoblastic Leukemia", CooperativeGroup, null, [], ClinicalGroup),
        new("FILO", "French Innovative Leukemia Organization", CooperativeGroup, null, [], [.. ClinicalGroup, MrdFlowCytometry]),
        new("GFM", "Groupe Francophone des Myélodysplasies", CooperativeGroup, null, [], ClinicalGroup),
        new("FIM", "French Intergroup Myeloproliferative Disorders", CooperativeGroup, null, [], ClinicalGroup),
        new("SFCE", "Société Française de Lutte contre les Cancers et Leucémies de l'Enfant et de l'Adolescent", CooperativeGroup, null, [], ClinicalGroup),

        new("THEMA", "Centre National de Médecine de Précision sur les Leucémies THEMA", ResearchTeam, "Paris",
            ["UMR-944", "UMR-1131", "UMR-1160", "UMR-976", "EA-3518", "Institut de Recherche Saint-Louis", "Université de Paris"],
            [TargetDiscovery, MolecularProfiling, Diagnostics]),
        new("CRCM", "Centre de Recherche en Cancérologie de Marseille", ResearchTeam, "Marseille",
            ["UMR-1068", "Institut Paoli-Calmettes", "Université Aix-Marseille"], [TargetDiscovery]),
        new("CRCT", "Centre de Recherche en Cancérologie de Toulouse", ResearchTeam, "Toulouse",
            ["UMR-1037", "Oncopôle", "Université de Toulouse III"], [TargetDiscovery]),
        new("UMR-1098", "Université de Bourgogne Franche-Comté (UMR-1098)", ResearchTeam, "Besançon",
            ["UMR-1098", "Université de Bourgogne Franche-Comté"], [TargetDiscovery]),
        new("IRCM", "Institut de Radiobiologie Cellulaire et Moléculaire", ResearchTeam, "Fontenay-aux-Roses",
            ["UMR-1274", "CEA Fontenay-aux-Roses"], [TargetDiscovery]),
        new("IDMIT", "Institut IDMIT", ResearchTeam, "Fontenay-aux-Roses",
            ["UMR-1184", "CEA Fontenay-aux-Roses"], [TargetDiscovery]),
        new("COCHIN", "Institut Cochin", ResearchTeam, "Paris", ["UMR-1016", "Université de Paris"], [TargetDiscovery]),
        new("GUSTAVE-ROUSSY", "Gustave Roussy (UMR-1170)", ResearchTeam, "Villejuif",
            ["UMR-1170", "Université Paris Saclay"], [TargetDiscovery]),
        new("CRSA", "Centre de Recherche Saint-Antoine", ResearchTeam, "Paris", ["UMR-938", "Sorbonne Université"], [TargetDiscovery]),
        new("JPARC", "Centre de Recherche Jean-Pierre Aubert", ResearchTeam, "Lille", ["UMR-1172", "Université de Lille"], [TargetDiscovery]),
        new("C3M", "Centre Méditerranéen de Médecine Moléculaire", ResearchTeam, "Nice",
            ["INSERM-1065", "Université Nice Côte d'Azur"], [TargetDiscovery]),
        new("UMR-1035", "Université de Bordeaux (UMR-1035)", ResearchTeam, "Bordeaux", ["UMR-1035", "Université de Bordeaux"], [TargetDiscovery]),
        new("LNOX", "Université de Tours (ERL7501 LNOX)", ResearchTeam, "Tours", ["ERL7501", "Université de Tours"], [TargetDiscovery]),

        new("MEARY-CGT", "Plateforme Meary de Thérapie Cellulaire et Génique / CIC-BT (Paris Saint-Louis)", RndPlatform, "Paris",
            ["CIC-BT", "Hôpital Saint-Louis"], [CellAndGeneTherapy]),
        new("IPC-CGT", "Plateforme de Thérapie Cellulaire et Génique / CIC-BT (Marseille IPC)", RndPlatform, "Marseille",
            ["CIC-BT", "Institut Paoli-Calmettes"], [CellAndGeneTherapy]),
        new("MEARY-GB", "Plateforme Meary de R&D Génomique et Bioinformatique (Paris Saint-Louis)", RndPlatform, "Paris",
            ["Hôpital Saint-Louis"], [GenomicsAndBioinformatics, MolecularProfiling]),
    ];

    /// <summary>A stable id per seeded organisation, so a seed interrupted and run again finds what it already did.</summary>
    public static Guid IdOf(string acronym)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"alfa-seed/organisation/{acronym}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // RFC 9562 version 8: a custom, name-derived UUID
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
