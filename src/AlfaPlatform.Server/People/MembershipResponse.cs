using AlfaPlatform.Domain.Teams;

namespace AlfaPlatform.Server.People;

/// <summary>One of a person's memberships over time.</summary>
public sealed record MembershipResponse(
    Guid TeamId, string TeamName, Guid OrganisationId, TeamRole Role, string? RoleLabel, DateOnly JoinedOn, DateOnly? LeftOn, IReadOnlyList<RolePeriod> Roles);
