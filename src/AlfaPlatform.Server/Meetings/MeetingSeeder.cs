using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Organisations.Contracts;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

/// <summary>
/// On the first start, registers the meetings of <see cref="MeetingSeed"/> through the same commands staff send
/// (create, sessions, publish, then held when over or registration opened when to come), after the network seed so
/// that organisers exist. A marker document makes later starts skip it; stable ids make an interrupted run safe to
/// repeat (a step finds its work done). A refused step is logged, never fatal.
/// </summary>
public sealed class MeetingSeeder(
    IServiceProvider services, IDocumentStore store, PlatformClock clock, ILogger<MeetingSeeder> logger) : IHostedService
{
    private const string SeedId = "opale-network/meetings";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var query = store.QuerySession())
        {
            if (await query.LoadAsync<SeedRun>(SeedId, cancellationToken) is not null)
            {
                return;
            }
        }

        await using var scope = services.CreateAsyncScope();
        var caller = scope.ServiceProvider.GetRequiredService<Caller>();
        caller.ActorId = CommandContext.System;
        caller.Role = CommandContext.System;
        caller.CorrelationId = $"seed-{SeedId}";
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var directory = scope.ServiceProvider.GetRequiredService<IOrganisationDirectory>();
        var now = clock.GetUtcNow();

        foreach (var entry in MeetingSeed.Meetings)
        {
            var id = MeetingSeed.IdOf(entry.Key);
            // Organisers that the network seed did not register (a database seeded otherwise) are left out, not invented.
            var organisers = (await directory.FindManyAsync(MeetingSeed.OrganisersOf(entry), asOf: null, cancellationToken)).Keys.ToList();
            var create = new CreateMeetingOperation.Command(
                entry.Title, entry.Kind, entry.Start, entry.End, entry.TimeZone, entry.Venue, Online: false, OnlineUrl: null, entry.Description,
                organisers, [.. entry.Chairs.Select(name => new Chair(null, name))], Capacity: null, Visibility: MeetingVisibility.Public) { MeetingId = id };
            if (!Applied(await mediator.Send(create, cancellationToken), entry.Key, "already_created"))
            {
                continue;
            }

            foreach (var s in entry.Sessions)
            {
                var add = new AddSessionOperation.Command(s.Title, s.Kind, s.Start, s.End) { MeetingId = id, SessionId = MeetingSeed.SessionIdOf(entry.Key, s.Key) };
                Applied(await mediator.Send(add, cancellationToken), entry.Key, "held");
            }

            Applied(await mediator.Send(new MeetingStepOperation.Command { MeetingId = id, Step = new PublishMeeting() }, cancellationToken), entry.Key, "held");
            var over = new MeetingTime(entry.Start, entry.End, entry.TimeZone).EndUtc < now;
            MeetingCommand last = over ? new MarkMeetingHeld() : new OpenRegistration();
            Applied(await mediator.Send(new MeetingStepOperation.Command { MeetingId = id, Step = last }, cancellationToken), entry.Key, "held");
        }

        await using var marker = store.LightweightSession();
        marker.Store(new SeedRun(SeedId, now));
        await marker.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded the {Count} meetings of the OPALE network's news", MeetingSeed.Meetings.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private bool Applied(CommandResult result, string key, string alreadyDone)
    {
        if (result.Rejection is not { } rejection || rejection.Code == alreadyDone)
        {
            return true;
        }

        logger.LogWarning("Seeding meeting {Meeting} was refused: {Code}: {Message}", key, rejection.Code, rejection.Message);
        return false;
    }
}
