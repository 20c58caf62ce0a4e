namespace AlfaPlatform.Domain.Organisations;

[GenerateSerializer, Alias("alfa.organisation-kind")]
public enum OrganisationKind
{
    /// <summary>The network's own institute (OPALE).</summary>
    Institute,

    /// <summary>A cooperative group for clinical research (ALFA, FILO, GRAALL, ...).</summary>
    CooperativeGroup,

    /// <summary>A research unit (INSERM/CNRS UMR, university team).</summary>
    ResearchTeam,

    /// <summary>An R&amp;D platform (cell therapy, genomics).</summary>
    RndPlatform,

    /// <summary>A company that partners with the network.</summary>
    PartnerCompany,
}
