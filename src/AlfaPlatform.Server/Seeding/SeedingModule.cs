using AlfaPlatform.Server.Infrastructure.Hosting;

namespace AlfaPlatform.Server.Seeding;

/// <summary>First-start seeding of the network (organisations, teams, people) through the command path.</summary>
public sealed class SeedingModule : IFeatureModule
{
    /// <summary>First of all: the other features' seeds (meetings) name the network's records.</summary>
    public int Order => 50;

    public void AddSeeders(IServiceCollection services) => services.AddHostedService<NetworkSeeder>();
}
