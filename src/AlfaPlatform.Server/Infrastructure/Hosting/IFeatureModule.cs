using Marten;

namespace AlfaPlatform.Server.Infrastructure.Hosting;

/// <summary>
/// One feature of the platform, registered and mapped in one place: its services, what it adds to the store
/// (streams' records, documents, projections, masking rules), its endpoints and its seed. <see cref="PlatformApp"/>
/// finds every module of the assembly and runs them in <see cref="Order"/>, without naming any.
/// </summary>
public interface IFeatureModule
{
    /// <summary>
    /// Where the feature stands among the others (lower first) for services, store, seeders and endpoints: seeders
    /// run in this order (the network before the meetings that name it), and the web app maps last.
    /// </summary>
    int Order { get; }

    /// <summary>Services of every role; <see cref="FeatureServices.Role"/> says which parts this process hosts.</summary>
    void AddServices(FeatureServices feature)
    {
    }

    /// <summary>What the feature keeps in the platform's Marten store.</summary>
    void ConfigureStore(StoreOptions options)
    {
    }

    /// <summary>First-start seeding (hosted services, run in module order), when <c>Platform:Seed</c> is on and the process serves the API.</summary>
    void AddSeeders(IServiceCollection services)
    {
    }

    /// <summary>Middleware between sign-in (the caller is known) and authorization; gateway roles only.</summary>
    void UseAfterSignIn(IApplicationBuilder app)
    {
    }

    /// <summary>The feature's endpoints; gateway roles only.</summary>
    void Map(WebApplication app)
    {
    }
}

/// <summary>What a module registers its services with.</summary>
public sealed record FeatureServices(IServiceCollection Services, IConfiguration Configuration, IHostEnvironment Environment, PlatformRole Role)
{
    /// <summary>Grains live here (Combined, Silo): background work that acts on grains or the daemon's output.</summary>
    public bool HostsGrains => Role != PlatformRole.Gateway;

    /// <summary>The HTTP API lives here (Combined, Gateway).</summary>
    public bool ServesApi => Role != PlatformRole.Silo;
}

/// <summary>The modules of the platform, found by reflection over this assembly and sorted by <see cref="IFeatureModule.Order"/>.</summary>
public static class FeatureModules
{
    public static IReadOnlyList<IFeatureModule> All { get; } =
    [
        .. typeof(IFeatureModule).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IFeatureModule).IsAssignableFrom(type))
            .Select(type => (IFeatureModule)Activator.CreateInstance(type)!)
            .OrderBy(module => module.Order)
            .ThenBy(module => module.GetType().FullName, StringComparer.Ordinal),
    ];
}
