using AlfaPlatform.Domain.Teams;

namespace AlfaPlatform.Server.Teams;

/// <summary>One membership as a roster shows it, with the person's name (or "erased person").</summary>
public sealed record MemberResponse(
    Guid PersonId, string Name, TeamRole Role, string? RoleLabel, DateOnly JoinedOn, DateOnly? LeftOn, IReadOnlyList<RolePeriod> Roles);
