namespace AlfaPlatform.Domain.Teams;

/// <summary>The role a person holds in a team; <see cref="Other"/> carries a label of its own.</summary>
[GenerateSerializer, Alias("alfa.team-role")]
public enum TeamRole
{
    Lead,
    PrincipalInvestigator,
    Clinician,
    Biologist,
    Bioinformatician,
    DataManager,
    ResearchNurse,
    Engineer,
    PhdStudent,
    PostDoc,
    Administrator,
    Other,
}
