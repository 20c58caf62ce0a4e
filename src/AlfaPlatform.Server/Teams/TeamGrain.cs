using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;

namespace AlfaPlatform.Server.Teams;

/// <summary>The single writer of one team's stream: its name, focus and roster.</summary>
[Alias("alfa.team-grain")]
public interface ITeamGrain : IStreamGrain<TeamCommand>;

public sealed class TeamGrain(EventStore eventStore, PlatformClock clock)
    : EventSourcedGrain<Team, TeamCommand>(eventStore, clock), ITeamGrain
{
    protected override Decision Decide(Team? state, TeamCommand command, DateOnly today) =>
        TeamDecider.Decide(state, command, today).WithIdentity(StreamId);
}

/// <summary>A change to a team (its creation included).</summary>
public abstract record TeamChange : StreamChange<TeamCommand, ITeamGrain>
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Guid TeamId { get => StreamId; init => StreamId = value; }
}
