using AlfaPlatform.Server.Infrastructure.Clustering;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Postgres;
using AlfaPlatform.Server.Infrastructure.Reminders;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Infrastructure.Telemetry;
using FluentValidation;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Npgsql;
using Scalar.AspNetCore;
using Weasel.Core;

namespace AlfaPlatform.Server.Infrastructure.Hosting;

/// <summary>
/// Composes the one deployable. Program.cs and the integration tests both build the platform here, so the tests
/// exercise exactly what runs.
/// </summary>
public static class PlatformApp
{
    public static async Task<WebApplication> CreateAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Named after this assembly (not the test host's), so the web app's static assets are found wherever it runs.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(PlatformApp).Assembly.GetName().Name });
        configure?.Invoke(builder);

        var role = builder.Configuration.GetValue("Platform:Role", PlatformRole.Combined);
        var postgres = await PostgresProvisioning.ResolveAsync(builder.Configuration);

        builder.Services.AddSingleton(postgres);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(PlatformClock.FromConfiguration(builder.Configuration, builder.Environment));
        builder.AddPlatformTelemetry();
        builder.Services.AddPlatformStore(postgres.ConnectionString, builder.Configuration, role);
        await builder.AddPlatformOrleansAsync(role, postgres.ConnectionString);
        builder.Services.AddScoped<Caller>();
        builder.Services.AddScoped<CallerIdentity>();
        var feature = new FeatureServices(builder.Services, builder.Configuration, builder.Environment, role);
        foreach (var module in FeatureModules.All)
        {
            module.AddServices(feature);
        }

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemMapping>();
        builder.Services.AddHealthChecks()
            .AddCheck<PostgresReadiness>("postgres", tags: ["ready"])
            .AddCheck<OrleansReadiness>("orleans", tags: ["ready"]);
        if (role != PlatformRole.Silo)
        {
            builder.Services.AddGateway(builder.Configuration);
            builder.Services.AddHardening(builder.Configuration);
            builder.WebHost.ConfigureKestrel(kestrel =>
                kestrel.Limits.MaxRequestBodySize = builder.Configuration.GetValue("Limits:MaxRequestBodyBytes", 1_048_576));
        }

        var app = builder.Build();
        app.Logger.LogInformation("AlfaPlatform starting as {Role}; PostgreSQL: {Postgres}", role, postgres.Description);
        if (postgres.LocalCluster is { StartedHere: true } cluster)
        {
            // The data stays in the cluster's folder; only the server process stops with the platform. A cluster
            // that was already running belongs to another process of the platform and keeps running.
            app.Lifetime.ApplicationStopped.Register(() => cluster.StopAsync().GetAwaiter().GetResult());
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<CorrelationMiddleware>();
        app.UsePrometheusScraping();
        var live = app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        var ready = app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });

        if (role != PlatformRole.Silo)
        {
            app.UseHardening();
            app.UseAuthentication();
            app.UseCallerIdentity();
            foreach (var module in FeatureModules.All)
            {
                module.UseAfterSignIn(app);
            }

            app.UseRateLimiter();
            app.UseAuthorization();
            app.UseMiddleware<IdempotencyKeys>();

            // Public without sign-in: health, the OpenAPI document and its reference page, the token endpoint.
            live.AllowAnonymous().DisableRateLimiting();
            ready.AllowAnonymous().DisableRateLimiting();
            app.MapOpenApi().AllowAnonymous();
            if (app.Environment.IsDevelopment())
            {
                // Served from the app itself: no fonts from a CDN, no telemetry calls home.
                app.MapScalarApiReference(options => options.DisableDefaultFonts().DisableTelemetry()).AllowAnonymous();
            }

            app.MapClusterDashboard();
            foreach (var module in FeatureModules.All)
            {
                module.Map(app); // in module order: the web app (its fallback routes) last
            }
        }

        app.BuildEndpointsOnce();
        return app;
    }

    private static void AddPlatformStore(this IServiceCollection services, string connectionString, IConfiguration configuration, PlatformRole role)
    {
        services.AddSingleton(_ => PlatformDataSource.Build(connectionString, configuration));
        services.AddMarten(options =>
            {
                options.DatabaseSchemaName = configuration["Postgres:Schema"] is { Length: > 0 } schema ? schema : "alfa";
                options.AutoCreateSchemaObjects = JasperFx.AutoCreate.CreateOrUpdate;
                // A start against a database whose schema already matches this build's reads one stamp instead of
                // comparing every table and function with the catalog (hundreds of queries, most of a second). The
                // stamp is written only after a full apply; a change of configuration changes it. See docs/performance.md.
                options.Advanced.Migrator.UseSchemaFingerprinting = true;
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);

                // Rich mode assigns versions and timestamps before the inline projection runs and checks the
                // expected version we pass on every append (proven by EventStoreTests).
                options.Events.AppendMode = EventAppendMode.Rich;
                options.Events.MetadataConfig.EnableAll();
                options.Events.MetadataConfig.UserNameEnabled = true; // not included by EnableAll in 9.58: the audit trail filters on it
                options.OpenTelemetry.TrackConnections = JasperFx.OpenTelemetry.TrackLevel.Normal;
                options.OpenTelemetry.TrackEventCounters();

                options.Schema.For<UniqueKeyClaim>();
                options.Schema.For<SeedRun>();
                options.Schema.For<IdempotentRequest>();
                options.Schema.For<IdempotentWrite>().Index(write => write.Key);
                options.Storage.ExtendedSchemaObjects.Add(RecordDays.Table(options.DatabaseSchemaName));
                options.Schema.For<RecordDaysFilled>();
                ReminderRow.ConfigureStore(options);
                foreach (var module in FeatureModules.All)
                {
                    module.ConfigureStore(options);
                }

                // The async daemon (dashboards) runs on every node hosting grains, each projection led by one node
                // (HotCold). A session-scoped leadership lock: the transaction-scoped default would sit idle in its
                // transaction, which idle_in_transaction_session_timeout ends. See ADR 0010.
                options.Events.UseAdvisoryLockTransaction = false;
                options.Projections.LeadershipPollingTime = configuration.GetValue("Dashboards:LeadershipPollingMilliseconds", 2000);
            })
            .UseNpgsqlDataSource()
            .UseLightweightSessions()
            // Where the daemon (async projections) runs: on every node that hosts grains, one leader per projection.
            .AddAsyncDaemon(RunsProjectionDaemon(role, configuration) ? DaemonMode.HotCold : DaemonMode.Disabled)
            .ApplyAllDatabaseChangesOnStartup();
        // Marten's own logger writes failed commands with their parameters (events, documents: personal data).
        services.ConfigureMarten((provider, options) =>
        {
            options.Logger(new MartenLogging(provider.GetRequiredService<ILogger<MartenLogging>>()));
            // Every append's commit wakes the daemon (LISTEN/NOTIFY) instead of leaving it to find the events at its
            // next poll, at most once per interval: the dashboards and search follow a change within it and a batch.
            PacedDaemonWakeup.Configure(options, provider.GetRequiredService<NpgsqlDataSource>(),
                provider.GetRequiredService<ILogger<PacedDaemonWakeup>>(),
                configuration.GetValue("Projections:WakeInterval", PacedDaemonWakeup.DefaultInterval));
        });
        services.AddSingleton<EventRows>();
        services.AddHostedService<RecordDaysFill>();
        services.AddSingleton<EventStore>();
        services.Configure<IdempotencySettings>(configuration.GetSection("Idempotency"));
        services.AddSingleton<IdempotentWrites>();
    }

    /// <summary>Whether this node takes part in the daemon's leader election: every node hosting grains, unless switched off.</summary>
    internal static bool RunsProjectionDaemon(PlatformRole role, IConfiguration configuration) =>
        role != PlatformRole.Gateway && configuration["Projections:Daemon"] != "Disabled";

    private static async Task AddPlatformOrleansAsync(this WebApplicationBuilder builder, PlatformRole role, string connectionString)
    {
        var settings = builder.Configuration.GetSection("Orleans").Get<OrleansSettings>() ?? new OrleansSettings();
        if (settings.Membership == MembershipStore.Postgres)
        {
            await MembershipSchema.ApplyAsync(connectionString, CancellationToken.None); // before Orleans reads its queries
        }

        if (role == PlatformRole.Gateway)
        {
            builder.UseOrleansClient(client => client
                .UsePlatformClustering(settings, connectionString)
                .AddClusterDashboard()
                .AddActivityPropagation()
                .ConfigureServices(services => services.AddStreamRecordCodec()));
            return;
        }

        builder.UseOrleans(silo => silo
            .UsePlatformClustering(settings, connectionString)
            .AddClusterDashboard()
            .AddActivityPropagation()
            .AddReminders()
            .ConfigureServices(services => services
                .AddStreamRecordCodec()
                .AddSingleton<IReminderTable, MartenReminderTable>()
                .Configure<ReminderOptions>(options =>
                    options.MinimumReminderPeriod = settings.MinimumReminderPeriod ?? options.MinimumReminderPeriod)));
    }

    private static void AddGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors =
            [
                typeof(TelemetryBehavior<,>),
                typeof(ValidationBehavior<,>),
                typeof(AccessBehavior<,>), // owner, routed target: checked once here, not in each handler
                typeof(CommandContextBehavior<,>),
            ];
        });
        services.AddValidatorsFromAssemblyContaining<Caller>(ServiceLifetime.Singleton);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(member.Name);

        // Bad JSON and unparsable parameters throw, so ProblemMapping can name the field instead of a bare 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.Converters.Add(new StrictEnumConverter());
            // A misspelt field is a 400 naming it, never silently dropped; a field sent twice is refused, not "last wins".
            options.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
            options.SerializerOptions.AllowDuplicateProperties = false;
        });
        services.AddOpenApi(OpenApiConventions.Apply);
        services.AddIdempotencyKeys();

        if (configuration.GetValue("Platform:Seed", true))
        {
            foreach (var module in FeatureModules.All)
            {
                module.AddSeeders(services); // in module order: the network before the meetings that name it
            }
        }
    }
}
