namespace AlfaPlatform.Domain.Teams;

/// <summary>A change asked of one team; sent to its grain, decided by <see cref="TeamDecider"/>.</summary>
[GenerateSerializer, Immutable, Alias("alfa.team-command")]
public abstract record TeamCommand;

[GenerateSerializer, Immutable, Alias("alfa.create-team")]
public sealed record CreateTeam(
    [property: Id(0)] Guid OrganisationId,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<string> FocusAreas) : TeamCommand;

[GenerateSerializer, Immutable, Alias("alfa.rename-team")]
public sealed record RenameTeam([property: Id(0)] string Name) : TeamCommand;

[GenerateSerializer, Immutable, Alias("alfa.change-team-focus")]
public sealed record ChangeTeamFocus([property: Id(0)] IReadOnlyList<string> FocusAreas) : TeamCommand;

[GenerateSerializer, Immutable, Alias("alfa.archive-team")]
public sealed record ArchiveTeam([property: Id(0)] string? Reason) : TeamCommand;

[GenerateSerializer, Immutable, Alias("alfa.add-member")]
public sealed record AddMember(
    [property: Id(0)] Guid PersonId,
    [property: Id(1)] TeamRole Role,
    [property: Id(2)] string? RoleLabel,
    [property: Id(3)] DateOnly On) : TeamCommand;

[GenerateSerializer, Immutable, Alias("alfa.change-member-role")]
public sealed record ChangeMemberRole(
    [property: Id(0)] Guid PersonId,
    [property: Id(1)] TeamRole Role,
    [property: Id(2)] string? RoleLabel,
    [property: Id(3)] DateOnly On) : TeamCommand;

[GenerateSerializer, Immutable, Alias("alfa.record-member-left")]
public sealed record RecordMemberLeft(
    [property: Id(0)] Guid PersonId,
    [property: Id(1)] DateOnly On,
    [property: Id(2)] string? Reason) : TeamCommand;

[GenerateSerializer, Immutable, Alias("alfa.hand-lead")]
public sealed record HandLead(
    [property: Id(0)] Guid ToPersonId,
    [property: Id(1)] TeamRole FormerLeadRole,
    [property: Id(2)] string? FormerLeadRoleLabel,
    [property: Id(3)] DateOnly On) : TeamCommand;
