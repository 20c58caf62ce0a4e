using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Teams.Contracts;
using Marten;

namespace AlfaPlatform.Server.Teams;

/// <summary>The teams feature: teams and their rosters by date, roster imports, and the memberships contract.</summary>
public sealed class TeamsModule : IFeatureModule
{
    public int Order => 300;

    public void AddServices(FeatureServices feature)
    {
        feature.Services.AddScoped<TeamAccess>();
        feature.Services.AddSingleton<RosterImports>();
        feature.Services.AddScoped<ITeamMemberships, TeamMemberships>();
        feature.Services.AddScoped<ITeamDirectory, TeamDirectory>();
    }

    public void Map(WebApplication app) => app.MapTeams();

    public void ConfigureStore(StoreOptions options)
    {
        options.AddStreamRecords(new TeamRecordProjection(), "team", keepDays: true);
        // Search finds an organisation's teams to rewrite their entries when it changes, in every batch that holds an
        // organisation's event: without the index, a scan of every team per batch (most of search's time in P5).
        options.Schema.For<StreamRecord<Team>>().Index(x => x.State.OrganisationId);

        // Erasure (ADR 0008): a reason given when someone left a team is about them (applied only on request, to the
        // events PersonErasure selects).
        options.Events.AddMaskingRuleForProtectedInformation<MemberLeft>(e => e with { Reason = null });
    }
}

public sealed partial class TeamRecordProjection : StreamRecordProjection<Team>;
