namespace AlfaPlatform.Domain.Teams;

// Stored in Marten streams: renaming a type or a property breaks stored history. Add new events instead.

public sealed record TeamCreated(Guid TeamId, Guid OrganisationId, string Name, IReadOnlyList<string> FocusAreas);

public sealed record TeamRenamed(string Name);

public sealed record TeamFocusChanged(IReadOnlyList<string> FocusAreas);

public sealed record TeamArchived(string? Reason);

public sealed record MemberAdded(Guid PersonId, TeamRole Role, string? RoleLabel, DateOnly On);

public sealed record MemberRoleChanged(Guid PersonId, TeamRole Role, string? RoleLabel, DateOnly On);

public sealed record MemberLeft(Guid PersonId, DateOnly On, string? Reason);

/// <summary>The lead passes to another member; the former lead stays a member in <see cref="FormerLeadRole"/>.</summary>
public sealed record LeadHandedOver(Guid FromPersonId, Guid ToPersonId, TeamRole FormerLeadRole, string? FormerLeadRoleLabel, DateOnly On);
