using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Organisations;
using AlfaPlatform.Server.Organisations.Contracts;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Seeding;

/// <summary>
/// On the first start of an empty database, registers the network described in shared/domain through the same
/// commands a user would send, so the seeded records have history like any other. It imports the network as it
/// stood when it was labelled: its events are dated at the label date, so "as of" any later day shows it.
/// A marker document makes later starts skip it; stable ids make a seed interrupted half-way safe to run again;
/// a database that already holds other organisations is not seeded. A refused step is logged, never fatal.
/// </summary>
public sealed class NetworkSeeder(
    IServiceProvider services, IDocumentStore store, TimeProvider clock, ILogger<NetworkSeeder> logger) : IHostedService
{
    private const string SeedId = "opale-network/organisations";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await IsDueAsync(cancellationToken))
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var caller = scope.ServiceProvider.GetRequiredService<Caller>();
        caller.ActorId = CommandContext.System;
        caller.Role = CommandContext.System;
        caller.CorrelationId = $"seed-{SeedId}";
        caller.RecordedAt = new DateTimeOffset(OrganisationSeed.Labelled.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        foreach (var entry in OrganisationSeed.Network)
        {
            var id = OrganisationSeed.IdOf(entry.Acronym);
            var registered = await mediator.Send(
                new Register.Command(entry.Name, entry.Acronym, entry.Kind, entry.City, "FR", entry.Affiliations, entry.Website) { OrganisationId = id },
                cancellationToken);
            if (!Applied(registered, entry.Acronym, alreadyDone: "already_registered"))
            {
                continue;
            }

            Applied(await mediator.Send(new AddCapabilities.Command(entry.Capabilities) { OrganisationId = id }, cancellationToken), entry.Acronym);
            Applied(await mediator.Send(new JoinNetwork.Command(OrganisationSeed.Labelled) { OrganisationId = id }, cancellationToken), entry.Acronym, alreadyDone: "already_member");
        }

        await using var session = store.LightweightSession();
        session.Store(new SeedRun(SeedId, clock.GetUtcNow()));
        await session.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded the {Count} organisations of the OPALE network", OrganisationSeed.Network.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Not yet seeded, and the only organisations there (if any) are the seed's own, from an interrupted run.</summary>
    private async Task<bool> IsDueAsync(CancellationToken cancellationToken)
    {
        await using var query = store.QuerySession();
        if (await query.LoadAsync<SeedRun>(SeedId, cancellationToken) is not null)
        {
            return false;
        }

        await using var scope = services.CreateAsyncScope();
        var organisations = scope.ServiceProvider.GetRequiredService<IOrganisationDirectory>();
        var seeded = OrganisationSeed.Network.Select(entry => OrganisationSeed.IdOf(entry.Acronym)).ToArray();
        if (await organisations.AnyBesidesAsync(seeded, cancellationToken))
        {
            logger.LogInformation("Not seeding the OPALE network: the database already holds organisations");
            return false;
        }

        return true;
    }

    /// <summary>A step applies, or finds its work already done; a refusal is logged and the seed goes on.</summary>
    private bool Applied(CommandResult result, string acronym, string? alreadyDone = null)
    {
        if (result.Rejection is not { } rejection || rejection.Code == alreadyDone)
        {
            return true;
        }

        logger.LogWarning("Seeding {Acronym} was refused: {Code}: {Message}", acronym, rejection.Code, rejection.Message);
        return false;
    }
}

