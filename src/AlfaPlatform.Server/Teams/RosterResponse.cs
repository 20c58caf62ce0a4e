namespace AlfaPlatform.Server.Teams;

/// <summary>A team's roster: every membership it ever had, or, as of a date, who was in it that day.</summary>
public sealed record RosterResponse(Guid TeamId, string TeamName, DateOnly? AsOf, IReadOnlyList<MemberResponse> Members);
