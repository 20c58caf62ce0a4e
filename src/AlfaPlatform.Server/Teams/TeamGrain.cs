using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Security;

namespace AlfaPlatform.Server.Teams;

/// <summary>The single writer of one team's stream: its name, focus and roster.</summary>
[Alias("alfa.team-grain")]
public interface ITeamGrain : IStreamGrain<TeamCommand, Team>
{
    /// <summary>
    /// Registers the newcomers and applies every change of a roster import in one transaction: all or nothing. The
    /// first change the team's rules refuse refuses the whole import, naming its line.
    /// </summary>
    [Alias("import"), ResponseTimeout("00:05:00")]
    Task<CommandResult> ImportAsync(RosterImport import, CancellationToken cancellationToken);

    /// <summary>Answers once the calls before it have ended: an import whose caller stopped waiting has committed or not.</summary>
    [Alias("settled"), ResponseTimeout("00:05:00")]
    Task SettledAsync();
}

/// <summary>What a checked roster file asks of the team: the people to register, then its changes in date order.</summary>
[GenerateSerializer, Immutable, Alias("alfa.roster-import")]
public sealed record RosterImport(
    [property: Id(0)] IReadOnlyList<RosterNewcomer> Newcomers,
    [property: Id(1)] IReadOnlyList<RosterStep> Steps);

[GenerateSerializer, Immutable, Alias("alfa.roster-newcomer")]
public sealed record RosterNewcomer([property: Id(0)] int Line, [property: Id(1)] Guid PersonId, [property: Id(2)] RegisterPerson Registration);

[GenerateSerializer, Immutable, Alias("alfa.roster-step")]
public sealed record RosterStep([property: Id(0)] int Line, [property: Id(1)] TeamCommand Change);

public sealed class TeamGrain(EventStore eventStore, PlatformClock clock)
    : EventSourcedGrain<Team, TeamCommand>(eventStore, clock), ITeamGrain
{
    protected override Decision Decide(Team? state, TeamCommand command, DateOnly today) =>
        TeamDecider.WithIdentity(TeamDecider.Decide(state, command, today), StreamId);

    public Task<CommandResult> ImportAsync(RosterImport import, CancellationToken cancellationToken) =>
        ExecuteAsync((state, today) =>
        {
            var newcomers = new List<StreamWrite>(import.Newcomers.Count);
            foreach (var (line, personId, registration) in import.Newcomers)
            {
                var registered = PersonDecider.WithIdentity(PersonDecider.Decide(null, registration), personId);
                if (registered.Rejection is { } refused)
                {
                    return (OnLine(line, refused), []);
                }

                newcomers.Add(StreamWrite.Of<Person>(personId, 0, registered.Events, null, EventSourced.Fold<Person>(registered.Events)!));
            }

            var events = new List<object>();
            foreach (var (line, change) in import.Steps)
            {
                var decision = Decide(state, change, today);
                if (decision.Rejection is { } refused)
                {
                    return (OnLine(line, refused), []);
                }

                events.AddRange(decision.Events);
                state = EventSourced.Fold(decision.Events, state);
            }

            return (Decision.Accept(events), newcomers);
        }, expectedVersion: null, cancellationToken);

    public Task SettledAsync() => Task.CompletedTask;

    private static Decision OnLine(int line, Rejection refused) => refused with { Message = $"Line {line}: {refused.Message}" };
}

/// <summary>
/// A change to a team (its creation included), answered with the team as its grain committed it. Staff change any
/// team, a member only the team they lead (<see cref="TeamAccess"/>): checked here for every sender, the web pages as
/// much as the API (whose routes also check it first, so that a refused caller hears 403 before any 400).
/// </summary>
public abstract record TeamChange : StreamChange<TeamCommand, Team, ITeamGrain>, IAccessChecked
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Guid TeamId { get => StreamId; init => StreamId = value; }

    async ValueTask<Rejection?> IAccessChecked.CheckAccessAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        await services.GetRequiredService<TeamAccess>().MayManageAsync(TeamId, cancellationToken) ? null : TeamAccess.NotTheLead;
}
