using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Dashboards.Contracts;
using AlfaPlatform.Server.Infrastructure.Hosting;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;

namespace AlfaPlatform.Server.Dashboards;

/// <summary>What the dashboards add to the store and the services: async projections, run by Marten's daemon.</summary>
public sealed class DashboardsModule : IFeatureModule
{
    public int Order => 900;

    public void Map(WebApplication app) => app.MapDashboards();

    public void ConfigureStore(StoreOptions options)
    {
        // Async: the daemon applies them after the append's transaction, so writes pay nothing for dashboards. Each
        // can be torn down and replayed from the first event at any time (POST /api/dashboards/rebuild).
        AddFolding(options, new NetworkOverviewProjection(), DashboardProjections.Network);
        options.Schema.For<NetworkDayChange>();
        // Version 2's own facts: version 1's, left in a deployed database, would tell its replay that every event had
        // been counted already.
        options.Schema.For<NetworkRecordFacts>().DocumentAlias("networkrecordfacts_v2");

        AddFolding(options, new MembershipProjection(), DashboardProjections.Membership);
        options.Schema.For<MembershipFacts>().Index(x => x.RecordedAt);
        options.Schema.For<MembershipTeamFacts>();

        AddFolding(options, new PartnershipProjection(), DashboardProjections.Partnerships);
        options.Schema.For<RequestTimeline>().Index(x => x.DraftedAt);
        options.Schema.For<PartnershipParty>();

        options.Storage.ExtendedSchemaObjects.Add(ActivityFeedSchema.EntriesTable(options.DatabaseSchemaName));
        options.AddAsyncProjection(new ActivityProjection(), DashboardProjections.Activity, rebuild =>
        {
            rebuild.DeleteDataInTableOnTeardown(ActivityFeedSchema.Table(options.DatabaseSchemaName));
            rebuild.DeleteViewTypeOnTeardown<ActivityRecordFacts>();
            rebuild.EnableDocumentTrackingByIdentity = true;
        }, DashboardProjections.VersionOf(DashboardProjections.Activity));
        options.Schema.For<ActivityRecordFacts>();

        AddFolding(options, new MeetingsProjection(), DashboardProjections.Meetings);
        options.Schema.For<MeetingFacts>();

        options.Schema.For<ProjectionRebuild>();
    }

    public void AddServices(FeatureServices feature)
    {
        var (services, role) = (feature.Services, feature.Role);
        services.AddOptions<DashboardSettings>().Bind(feature.Configuration.GetSection("Dashboards"))
            .Validate(s => s.YearlyTargetEuros > 0, "Dashboards:YearlyTargetEuros must be positive.")
            .Validate(s => s.YearlyAgreementsTarget > 0, "Dashboards:YearlyAgreementsTarget must be positive.")
            .Validate(s => s.AnsweredWithinTimeLimitTarget is > 0 and <= 1, "Dashboards:AnsweredWithinTimeLimitTarget is a share, above 0 and at most 1.")
            .Validate(s => s.SatisfactionTarget is >= 1 and <= 5, "Dashboards:SatisfactionTarget is from 1 to 5.")
            .Validate(s => s.ChangePollInterval >= TimeSpan.FromMilliseconds(50), "Dashboards:ChangePollInterval is at least 50 ms.")
            .Validate(s => s.HighWaterSilence >= TimeSpan.FromSeconds(2), "Dashboards:HighWaterSilence is at least 2 s: the agent polls every second.")
            .ValidateOnStart();
        services.AddSingleton<DashboardFreshness>();
        services.AddSingleton<DashboardAnswers>();
        if (role != PlatformRole.Silo)
        {
            services.AddSingleton<DashboardChanges>();
            services.AddHostedService(sp => sp.GetRequiredService<DashboardChanges>());
            services.AddSingleton<IDashboardChanges>(sp => sp.GetRequiredService<DashboardChanges>());
        }

        services.AddSingleton<ProjectionRebuilds>();
        services.AddSingleton<IRebuiltWithoutReplay, ActivityFeedRebuild>();
        AddFoldedRebuild<NetworkOverviewProjection>(services, DashboardProjections.Network);
        AddFoldedRebuild<MembershipProjection>(services, DashboardProjections.Membership);
        AddFoldedRebuild<PartnershipProjection>(services, DashboardProjections.Partnerships);
        AddFoldedRebuild<MeetingsProjection>(services, DashboardProjections.Meetings);
        if (PlatformApp.RunsProjectionDaemon(role, feature.Configuration))
        {
            services.AddHostedService<ProjectionRebuildRunner>();
        }
    }

    /// <summary>A dashboard projection that folds documents: its teardown deletes them, and it is rebuilt without a replay.</summary>
    private static void AddFolding<TProjection>(StoreOptions options, TProjection projection, string name)
        where TProjection : Marten.Events.Projections.IProjection, IDeclaresEvents, IFoldsDocuments
    {
        options.AddAsyncProjection(projection, name, rebuild =>
        {
            foreach (var document in TProjection.Documents)
            {
                rebuild.DeleteViewTypeOnTeardown(document);
            }

            rebuild.EnableDocumentTrackingByIdentity = true;
        }, DashboardProjections.VersionOf(name));
    }

    private static void AddFoldedRebuild<TProjection>(IServiceCollection services, string name)
        where TProjection : IDeclaresEvents, IFoldsDocuments, new() =>
        services.AddSingleton<IRebuiltWithoutReplay>(provider => new FoldedRebuild<TProjection>(
            name, new TProjection(), provider.GetRequiredService<IDocumentStore>(), provider.GetRequiredService<NpgsqlDataSource>()));
}

public sealed class DashboardSettings
{
    /// <summary>The yearly target of partnership contract value, in euros (the network reports about 7.2 M€ a year).</summary>
    public decimal YearlyTargetEuros { get; set; } = 7_200_000m;

    /// <summary>The yearly target of agreements signed with companies (the Carnot report).</summary>
    public int YearlyAgreementsTarget { get; set; } = 40;

    /// <summary>The target share of partner requests answered by their due day (the Carnot report; the charter asks for all).</summary>
    public decimal AnsweredWithinTimeLimitTarget { get; set; } = 0.9m;

    /// <summary>The target average satisfaction, out of 5 (the Carnot report).</summary>
    public decimal SatisfactionTarget { get; set; } = 4m;

    /// <summary>How often each gateway reads the daemon's progress to tell open dashboards (server side; clients never poll).</summary>
    public TimeSpan ChangePollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long the daemon's high-water agent, which polls every second, may go without polling on the node leading
    /// projections before that node restarts it (<see cref="ProjectionRebuildRunner"/>).
    /// </summary>
    public TimeSpan HighWaterSilence { get; set; } = TimeSpan.FromSeconds(5);
}
