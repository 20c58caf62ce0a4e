using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;

namespace AlfaPlatform.Server.Teams;

/// <summary>The single writer of one team's stream: its name, focus and roster.</summary>
[Alias("alfa.team-grain")]
public interface ITeamGrain : IGrainWithGuidKey
{
    [Alias("execute")]
    Task<CommandResult> ExecuteAsync(TeamCommand command, long? expectedVersion);
}

public sealed class TeamGrain(EventStore eventStore, TimeProvider clock)
    : EventSourcedGrain<Team, TeamCommand>(eventStore, clock), ITeamGrain
{
    public Task<CommandResult> ExecuteAsync(TeamCommand command, long? expectedVersion) =>
        DecideAndAppendAsync(command, expectedVersion);

    protected override Decision Decide(Team? state, TeamCommand command, DateOnly today) =>
        TeamDecider.Decide(state, command, today).WithIdentity(StreamId);
}

/// <summary>A change to a team: the route names it, If-Match the version the caller saw.</summary>
public abstract record TeamChange : Mediator.ICommand<CommandResult>
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Guid TeamId { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public long? ExpectedVersion { get; init; }

    public abstract TeamCommand ToDomain();

    public Task<CommandResult> SendAsync(IGrainFactory grains) =>
        grains.GetGrain<ITeamGrain>(TeamId).ExecuteAsync(ToDomain(), ExpectedVersion);
}
