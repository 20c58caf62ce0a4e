using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;

namespace AlfaPlatform.Server.Teams.Contracts;

/// <summary>A team (not archived) with the focus areas it works on.</summary>
public sealed record TeamFocus(Guid Id, Guid OrganisationId, string Name, IReadOnlyList<string> FocusAreas);

/// <summary>The focus-area look-up other features read instead of the teams' records (which team could take on a request).</summary>
public sealed class TeamFocusAreas(IQuerySession session)
{
    /// <summary>Every team that is not archived, today.</summary>
    public async Task<IReadOnlyList<TeamFocus>> ActiveTeamsAsync(CancellationToken cancellationToken)
    {
        var records = await session.Query<StreamRecord<Team>>().Where(t => !t.State.IsArchived).ToListAsync(cancellationToken);
        return [.. records.Select(r => new TeamFocus(r.State.Id, r.State.OrganisationId, r.State.Name, r.State.FocusAreas))];
    }
}
