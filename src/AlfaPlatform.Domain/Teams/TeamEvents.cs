namespace AlfaPlatform.Domain.Teams;

// Stored in Marten streams: renaming a type or a property breaks stored history. Add new events instead.

/// <summary>
/// Every event of Team's stream derives from this base, and <see cref="Team.EventTypes"/> is derived from it: a new
/// event is registered with Marten and read models by deriving from it. It holds nothing, so the stored JSON is the event's own.
/// </summary>
public abstract record TeamEvent;

public sealed record TeamCreated(Guid TeamId, Guid OrganisationId, string Name, IReadOnlyList<string> FocusAreas) : TeamEvent;

public sealed record TeamRenamed(string Name) : TeamEvent;

public sealed record TeamFocusChanged(IReadOnlyList<string> FocusAreas) : TeamEvent;

public sealed record TeamArchived(string? Reason) : TeamEvent;

public sealed record MemberAdded(Guid PersonId, TeamRole Role, string? RoleLabel, DateOnly On) : TeamEvent;

public sealed record MemberRoleChanged(Guid PersonId, TeamRole Role, string? RoleLabel, DateOnly On) : TeamEvent;

public sealed record MemberLeft(Guid PersonId, DateOnly On, string? Reason) : TeamEvent;

/// <summary>The lead passes to another member; the former lead stays a member in <see cref="FormerLeadRole"/>.</summary>
public sealed record LeadHandedOver(Guid FromPersonId, Guid ToPersonId, TeamRole FormerLeadRole, string? FormerLeadRoleLabel, DateOnly On) : TeamEvent;
