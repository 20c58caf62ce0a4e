using AlfaPlatform.Domain.Meetings;

namespace AlfaPlatform.Server.Meetings;

public sealed record ContributionResponse(
    Guid Id, string Title, string Abstract, Guid PresenterId, string Presenter, IReadOnlyList<string> Authors, Guid? TeamId,
    ContributionStatus Status, string? ReviewNote, Guid? SessionId);

internal static class Contributions
{
    public static ContributionResponse Shape(Contribution c, IReadOnlyDictionary<Guid, string> people) =>
        new(c.Id, c.Title, c.Abstract, c.PresenterId, people.GetValueOrDefault(c.PresenterId, "unknown person"), c.Authors, c.TeamId, c.Status, c.ReviewNote, c.SessionId);
}
