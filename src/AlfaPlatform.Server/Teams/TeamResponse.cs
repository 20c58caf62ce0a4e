using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;

namespace AlfaPlatform.Server.Teams;

public sealed record TeamResponse(
    Guid Id, long Version, Guid OrganisationId, string Name, IReadOnlyList<string> FocusAreas, Guid? Lead, int ActiveMembers,
    bool IsArchived, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static TeamResponse From(StreamRecord<Team> record) => new(
        record.Id, record.Version, record.State.OrganisationId, record.State.Name, record.State.FocusAreas, record.State.Lead?.PersonId,
        record.State.ActiveMembers.Count(), record.State.IsArchived, record.CreatedAt, record.UpdatedAt);
}
