using System.Net;
using System.Text.Json.Nodes;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Dashboards;

/// <summary>Each dashboard's figures over the known history of <see cref="DashboardHistoryFixture"/>: today and as of earlier days.</summary>
[Collection(DashboardHistoryCollection.Name)]
public sealed class DashboardFigureTests(DashboardHistoryFixture history)
{
    private readonly HttpClient _staff = history.Platform.Client;

    private static int Int(JsonNode? node) => node!.GetValue<int>();

    private static decimal Dec(JsonNode? node) => node!.GetValue<decimal>();

    [Fact]
    public async Task network_overview_counts_what_the_platform_knew_each_day()
    {
        var before = await DashboardHistoryFixture.FiguresAsync(_staff, "network", "2024-01-09");
        var end2024 = (await DashboardHistoryFixture.FiguresAsync(_staff, "network", "2024-12-31"))["figures"]!;
        var today = (await DashboardHistoryFixture.FiguresAsync(_staff, "network"))["figures"]!;

        Assert.Empty(before["figures"]!["organisationsByKind"]!.AsObject());
        Assert.Equal("2024-01-09", before["asOf"]!.GetValue<string>());
        Assert.Equal((1, 1, 2), (Int(end2024["organisationsByKind"]!["CooperativeGroup"]), Int(end2024["organisationsByKind"]!["ResearchTeam"]), Int(end2024["organisationsByKind"]!["PartnerCompany"])));
        Assert.Equal(1, Int(end2024["networkMembersByKind"]!["ResearchTeam"]));
        Assert.Equal((1, 3, 3), (Int(end2024["activeTeams"]), Int(end2024["people"]), Int(end2024["memberships"])));
        Assert.Equal((2, 1, 1), (Int(end2024["capabilityCoverage"]!["MrdFlowCytometry"]), Int(end2024["capabilityCoverage"]!["ClinicalTrials"]), Int(end2024["capabilityCoverage"]!["MolecularProfiling"])));
        Assert.Equal(1, Int(today["capabilityCoverage"]!["MrdFlowCytometry"])); // NET2 withdrew it in March 2025
        Assert.Equal(2, Int(today["memberships"])); // Bruno's leaving was recorded in February 2025
    }

    [Fact]
    public async Task membership_counts_by_membership_dates_as_recorded_by_the_day()
    {
        var march = (await DashboardHistoryFixture.FiguresAsync(_staff, "membership", "2024-03-31"))["figures"]!;
        var may = (await DashboardHistoryFixture.FiguresAsync(_staff, "membership", "2024-05-31"))["figures"]!;
        var june = (await DashboardHistoryFixture.FiguresAsync(_staff, "membership", "2024-06-30"))["figures"]!;
        var today = (await DashboardHistoryFixture.FiguresAsync(_staff, "membership"))["figures"]!;

        Assert.Equal(2, Int(march["headcount"]));
        var net1 = march["organisations"]![0]!;
        Assert.Equal(("NET1", 1, 1), (net1["acronym"]!.GetValue<string>(), Int(net1["byRole"]!["Lead"]), Int(net1["byRole"]!["PostDoc"])));
        Assert.Equal(2, Int(may["headcount"])); // Chloé joined on 20 May, but the platform learned it on 1 June
        Assert.Equal(0, Int(may["months"]![11]!["joiners"]));
        Assert.Equal(3, Int(june["headcount"]));
        var juneMay = june["months"]!.AsArray().Single(m => m!["month"]!.GetValue<string>() == "2024-05")!;
        Assert.Equal((1, 3), (Int(juneMay["joiners"]), Int(juneMay["headcount"])));
        Assert.Equal(2, Int(today["headcount"]));
        Assert.Equal(1, Int(today["organisations"]![0]!["byRole"]!["PhdStudent"]));
    }

    [Fact]
    public async Task pipeline_gives_states_flow_time_in_state_and_declines_as_of_a_day()
    {
        var feb = (await DashboardHistoryFixture.FiguresAsync(_staff, "pipeline", "2024-02-06"))["figures"]!;
        var end2024 = (await DashboardHistoryFixture.FiguresAsync(_staff, "pipeline", "2024-12-31"))["figures"]!;
        var today = (await DashboardHistoryFixture.FiguresAsync(_staff, "pipeline"))["figures"]!;

        Assert.Equal(1, Int(feb["byState"]!["Assessment"]));
        Assert.Equal((2, 1, 1), (Int(end2024["requests"]), Int(end2024["byState"]!["Completed"]), Int(end2024["byState"]!["Declined"])));
        Assert.Equal(1, Int(end2024["declineReasons"]!["OutOfScope"]));
        var screening = end2024["timeInState"]!["Screening"]!; // R1 screened from 5 Feb 09:00 to 6 Feb 12:00
        Assert.Equal((1, 1.13), (Int(screening["count"]), screening["medianDays"]!.GetValue<double>()));
        Assert.Contains(end2024["flow"]!.AsArray(), m => m!["month"]!.GetValue<string>() == "2024-04" && m["from"]!.GetValue<string>() == "Submitted"
            && m["to"]!.GetValue<string>() == "Declined" && Int(m["count"]) == 1);
        Assert.Equal((3, 1), (Int(today["requests"]), Int(today["byState"]!["Active"])));
        Assert.Contains(today["partners"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "Big Pharma" && Int(p["requests"]) == 2);
        Assert.Equal((0, 0), (Int(today["overdue"]!["screening"]), Int(today["overdue"]!["answers"])));
    }

    [Fact]
    public async Task value_counts_agreements_by_signed_date_once_recorded_against_the_target()
    {
        var end2024 = (await DashboardHistoryFixture.FiguresAsync(_staff, "value", "2024-12-31"))["figures"]!;
        var jan2025 = (await DashboardHistoryFixture.FiguresAsync(_staff, "value", "2025-01-31"))["figures"]!;
        var today = (await DashboardHistoryFixture.FiguresAsync(_staff, "value"))["figures"]!;

        Assert.Equal(7_200_000m, Dec(end2024["yearlyTargetEuros"]));
        var y2024 = end2024["years"]!.AsArray().Single()!;
        Assert.Equal((2024, 200_000m, 1), (Int(y2024["year"]), Dec(y2024["valueEuros"]), Int(y2024["agreements"])));
        Assert.Equal(200_000m, Dec(y2024["byPartnerSize"]!["Sme"]));
        Assert.Equal(200_000m, Dec(end2024["monthsOfYear"]![2]!["valueEuros"]));
        Assert.Single(jan2025["years"]!.AsArray()); // the licence signed on 20 January was recorded on 3 February
        Assert.Equal(200_000m, Dec(jan2025["fundingBasis"]!["contractVolumeEuros"]));
        var y2025 = today["years"]!.AsArray().Single(y => Int(y!["year"]) == 2025)!;
        Assert.Equal((500_000m, 150m), (Dec(y2025["valueEuros"]), Dec(y2025["growthPercent"])));
        Assert.Equal(500_000m, Dec(y2025["byKind"]!["Licence"]));
        Assert.Equal(500_000m, Dec(y2025["byPartnerSize"]!["LargeGroup"]));
        Assert.Equal(("NET1", 700_000m), (today["byOrganisation"]![0]!["acronym"]!.GetValue<string>(), Dec(today["byOrganisation"]![0]!["valueEuros"])));
        Assert.Equal("Big Pharma", today["partners"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task experience_measures_first_answers_time_limits_and_satisfaction()
    {
        var spring = (await DashboardHistoryFixture.FiguresAsync(_staff, "experience", "2024-04-30"))["figures"]!;
        var end2024 = (await DashboardHistoryFixture.FiguresAsync(_staff, "experience", "2024-12-31"))["figures"]!;

        // R1: submitted 1 Feb 12:00, accepted 6 Feb 12:00 (5 days); R2: submitted 1 Apr 12:30, declined 3 Apr 12:30 (2 days)
        Assert.Equal((2, 0), (Int(spring["submitted"]), Int(spring["awaitingFirstAnswer"])));
        Assert.Equal((3.5, 4.7), (spring["timeToFirstAnswer"]!["medianDays"]!.GetValue<double>(), spring["timeToFirstAnswer"]!["p90Days"]!.GetValue<double>()));
        Assert.Equal(1m, Dec(spring["answeredWithinTimeLimit"]));
        Assert.Equal(0, Int(spring["satisfaction"]!["ratings"]));
        Assert.Equal((1, 4m, 1), (Int(end2024["satisfaction"]!["ratings"]), Dec(end2024["satisfaction"]!["average"]), Int(end2024["satisfaction"]!["byScore"]!["4"])));
        Assert.Equal("Acme Pharma", end2024["partners"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task activity_lists_the_latest_changes_up_to_the_day_newest_first()
    {
        var day = (await DashboardHistoryFixture.FiguresAsync(_staff, "activity", "2024-01-10"))["figures"]!["items"]!.AsArray();
        var today = (await DashboardHistoryFixture.FiguresAsync(_staff, "activity"))["figures"]!["items"]!.AsArray();

        Assert.Equal(9, day.Count); // four registrations, four capabilities declared, one join
        Assert.Equal("OrganisationRegistered", day[0]!["event"]!.GetValue<string>());
        Assert.Equal("Big Pharma", day[0]!["name"]!.GetValue<string>());
        Assert.True(day.Zip(day.Skip(1)).All(pair => pair.First!["sequence"]!.GetValue<long>() > pair.Second!["sequence"]!.GetValue<long>()));
        Assert.Equal(("CapabilityWithdrawn", "Network two"), (today[0]!["event"]!.GetValue<string>(), today[0]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task members_see_network_figures_but_no_partner_names()
    {
        var member = await history.SignInAsync("member");

        var pipeline = await DashboardHistoryFixture.FiguresAsync(member, "pipeline");
        var value = await DashboardHistoryFixture.FiguresAsync(member, "value");
        var experience = await DashboardHistoryFixture.FiguresAsync(member, "experience", "2024-12-31");
        var activity = (await DashboardHistoryFixture.FiguresAsync(member, "activity", "2024-12-31"))["figures"]!["items"]!.AsArray();
        var network = await DashboardHistoryFixture.FiguresAsync(member, "network", "2024-12-31");

        Assert.True(pipeline["partnerNamesHidden"]!.GetValue<bool>());
        Assert.Null(pipeline["figures"]!["partners"]);
        Assert.Equal(3, Int(pipeline["figures"]!["requests"]));
        Assert.Null(value["figures"]!["partners"]);
        Assert.Equal(2, value["figures"]!["years"]!.AsArray().Count);
        Assert.Null(experience["figures"]!["partners"]);
        Assert.Equal(2, Int(network["figures"]!["organisationsByKind"]!["PartnerCompany"])); // counted, not named
        var text = activity.ToJsonString();
        Assert.DoesNotContain("Acme", text);
        Assert.DoesNotContain("Big Pharma", text);
        Assert.DoesNotContain("MRD follow-up", text); // no request titles
        Assert.DoesNotContain(activity, item => item!["event"]!.GetValue<string>() is "RequestRouted" or "AgreementRecorded" or "RoutingAnswered");
        Assert.Contains(activity, item => item!["event"]!.GetValue<string>() == "RequestDeclined");
    }

    [Fact]
    public async Task viewers_see_every_dashboard_with_partner_names()
    {
        var viewer = await history.SignInAsync("viewer");
        var pipeline = await DashboardHistoryFixture.FiguresAsync(viewer, "pipeline");
        var activity = await DashboardHistoryFixture.FiguresAsync(viewer, "activity", "2024-01-10");

        Assert.False(pipeline["partnerNamesHidden"]!.GetValue<bool>());
        Assert.Equal(2, pipeline["figures"]!["partners"]!.AsArray().Count);
        Assert.Contains("Acme Pharma", activity.ToJsonString());
    }

    [Fact]
    public async Task every_answer_says_how_fresh_it_is()
    {
        var response = await _staff.GetAsync("/api/dashboards/network").OkJsonAsync();
        var freshness = response.GetProperty("freshness");

        Assert.Equal("dashboard-network", freshness.GetProperty("projection").GetString());
        Assert.True(freshness.GetProperty("sequence").GetInt64() > 0);
        Assert.True(freshness.GetProperty("highWaterMark").GetInt64() >= freshness.GetProperty("sequence").GetInt64());
        Assert.False(freshness.GetProperty("rebuilding").GetBoolean());
    }

    [Theory]
    [InlineData("network?asOf=2999-01-01", "asOf")]
    [InlineData("network?asOf=yesterday", "asOf")]
    [InlineData("membership?months=0", "months")]
    [InlineData("activity?limit=1000", "limit")]
    [InlineData("pipeline?months=abc", "months")]
    public async Task bad_parameters_are_problem_details_naming_the_field(string query, string field)
    {
        var response = await _staff.GetAsync($"/api/dashboards/{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task meetings_show_fill_rates_before_and_attendance_and_contributions_after_as_of_each_day()
    {
        var registering = (await DashboardHistoryFixture.FiguresAsync(_staff, "meetings", "2024-09-08"))["figures"]!;
        var upcoming = Assert.Single(registering["upcoming"]!.AsArray())!;
        Assert.Equal(("Autumn symposium", 2, 2, 1), (upcoming["title"]!.GetValue<string>(), Int(upcoming["capacity"]), Int(upcoming["registered"]), Int(upcoming["waiting"])));
        Assert.Equal(1.0, upcoming["fillRate"]!.GetValue<double>());
        Assert.Empty(registering["contributionsByTeam"]!.AsArray());

        var reviewed = (await DashboardHistoryFixture.FiguresAsync(_staff, "meetings", "2024-09-12"))["figures"]!;
        var team = Assert.Single(reviewed["contributionsByTeam"]!.AsArray())!;
        Assert.Equal(("Team one", 1, 0), (team["name"]!.GetValue<string>(), Int(team["submitted"]), Int(team["accepted"])));

        var today = (await DashboardHistoryFixture.FiguresAsync(_staff, "meetings"))["figures"]!;
        Assert.Empty(today["upcoming"]!.AsArray());
        var past = Assert.Single(today["past"]!.AsArray())!;
        Assert.Equal((2, 0, 2), (Int(past["registered"]), Int(past["waiting"]), Int(past["attended"]))); // Chloé took Bruno's seat
        var attendance = Assert.Single(today["attendanceByOrganisation"]!.AsArray())!;
        Assert.Equal(("NET1", 2), (attendance["name"]!.GetValue<string>(), Int(attendance["attended"])));
        Assert.Equal(1, Int(today["contributionsByTeam"]![0]!["accepted"]));

        var before = (await DashboardHistoryFixture.FiguresAsync(_staff, "meetings", "2024-08-31"))["figures"]!;
        Assert.Empty(before["upcoming"]!.AsArray());
        Assert.Empty(before["past"]!.AsArray());
    }
}
