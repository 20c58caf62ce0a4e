using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Organisations;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Seeding;

/// <summary>
/// On the first start of an empty database, registers the network described in shared/domain through the same
/// commands a user would send, so the seeded records have history like any other. A marker document makes later
/// starts skip it; stable ids make a seed interrupted half-way safe to run again.
/// </summary>
public sealed class NetworkSeeder(
    IServiceProvider services, IDocumentStore store, TimeProvider clock, ILogger<NetworkSeeder> logger) : IHostedService
{
    private const string SeedId = "opale-network/organisations";

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
        caller.CorrelationId = $"seed-{SeedId}";
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        foreach (var entry in OrganisationSeed.Network)
        {
            var id = OrganisationSeed.IdOf(entry.Acronym);
            Expect(await mediator.Send(
                new Register.Command(entry.Name, entry.Acronym, entry.Kind, entry.City, "FR", entry.Affiliations, entry.Website) { OrganisationId = id },
                cancellationToken), "already_registered");
            Expect(await mediator.Send(new AddCapabilities.Command(entry.Capabilities) { OrganisationId = id }, cancellationToken));
            Expect(await mediator.Send(new JoinNetwork.Command(OrganisationSeed.Labelled) { OrganisationId = id }, cancellationToken), "already_member");
        }

        await using var session = store.LightweightSession();
        session.Store(new SeedRun(SeedId, clock.GetUtcNow()));
        await session.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded the {Count} organisations of the OPALE network", OrganisationSeed.Network.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A seed step either applies or finds its work already done; anything else is a bug in the seed.</summary>
    private static void Expect(CommandResult result, string? alreadyDone = null)
    {
        if (result.Rejection is { } rejection && rejection.Code != alreadyDone)
        {
            throw new InvalidOperationException($"Seeding the network failed: {rejection.Code}: {rejection.Message}");
        }
    }
}

public sealed record SeedRun(string Id, DateTimeOffset At);
