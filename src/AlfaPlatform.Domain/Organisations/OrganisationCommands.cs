namespace AlfaPlatform.Domain.Organisations;

/// <summary>A change asked of one organisation; sent to its grain, decided by <see cref="OrganisationDecider"/>.</summary>
[GenerateSerializer, Immutable, Alias("alfa.organisation-command")]
public abstract record OrganisationCommand;

[GenerateSerializer, Immutable, Alias("alfa.register-organisation")]
public sealed record RegisterOrganisation(
    [property: Id(0)] string Name,
    [property: Id(1)] string Acronym,
    [property: Id(2)] OrganisationKind Kind,
    [property: Id(3)] string? City,
    [property: Id(4)] string Country,
    [property: Id(5)] IReadOnlyList<string> Affiliations,
    [property: Id(6)] string? Website,
    [property: Id(7)] CompanySize? Size = null) : OrganisationCommand;

[GenerateSerializer, Immutable, Alias("alfa.update-organisation-profile")]
public sealed record UpdateOrganisationProfile(
    [property: Id(0)] string Name,
    [property: Id(1)] string Acronym,
    [property: Id(2)] string? City,
    [property: Id(3)] string Country,
    [property: Id(4)] IReadOnlyList<string> Affiliations,
    [property: Id(5)] string? Website) : OrganisationCommand;

[GenerateSerializer, Immutable, Alias("alfa.change-company-size")]
public sealed record ChangeCompanySize(
    [property: Id(0)] CompanySize Size,
    [property: Id(1)] string? Reason) : OrganisationCommand;

[GenerateSerializer, Immutable, Alias("alfa.declare-capabilities")]
public sealed record DeclareCapabilities(
    [property: Id(0)] IReadOnlyList<Capability> Capabilities) : OrganisationCommand;

[GenerateSerializer, Immutable, Alias("alfa.withdraw-capability")]
public sealed record WithdrawCapability(
    [property: Id(0)] Capability Capability,
    [property: Id(1)] string? Reason) : OrganisationCommand;

[GenerateSerializer, Immutable, Alias("alfa.record-joined-network")]
public sealed record RecordJoinedNetwork(
    [property: Id(0)] DateOnly On) : OrganisationCommand;

[GenerateSerializer, Immutable, Alias("alfa.record-left-network")]
public sealed record RecordLeftNetwork(
    [property: Id(0)] DateOnly On,
    [property: Id(1)] string? Reason) : OrganisationCommand;

[GenerateSerializer, Immutable, Alias("alfa.archive-organisation")]
public sealed record ArchiveOrganisation(
    [property: Id(0)] string? Reason) : OrganisationCommand;
