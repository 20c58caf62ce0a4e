using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Notifications;

namespace AlfaPlatform.Server.Tests.Collaborations;

/// <summary>The <c>awaiting</c> of a request (who owes the next step, and by when) as each party reads it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AwaitingApiTests(PlatformFixture platform)
{
    private static (string Party, string? Step, string? DueOn) Awaiting(JsonElement request)
    {
        var awaiting = request.GetProperty("awaiting");
        return (awaiting.GetProperty("party").GetString()!, awaiting.GetProperty("step").GetString(),
            awaiting.GetProperty("dueOn").ValueKind == JsonValueKind.Null ? null : awaiting.GetProperty("dueOn").GetString());
    }

    [Fact]
    public async Task a_draft_awaits_the_partner_and_a_submitted_request_the_networks_screening_by_its_due_date()
    {
        var (partner, _) = await platform.PartnerOfANewCompanyAsync();
        using var _ = partner;
        var request = await partner.DraftAsync("Awaiting a submission");

        Assert.Equal(("Partner", "Submit", null), Awaiting(await partner.GetAsync($"/api/collaborations/{request}").OkJsonAsync()));

        await partner.StepAsync($"/api/collaborations/{request}/submit");
        var mine = await partner.GetAsync($"/api/collaborations/{request}").OkJsonAsync();
        Assert.Equal(("Network", "Screening", mine.GetProperty("screeningDueOn").GetString()), Awaiting(mine));
        var listed = (await partner.GetAsync("/api/collaborations?pageSize=200").OkJsonAsync()).GetProperty("items").EnumerateArray()
            .Single(r => r.GetProperty("id").GetGuid() == request);
        Assert.Equal(Awaiting(mine), Awaiting(listed));
    }

    [Fact]
    public async Task while_teams_answer_staff_and_the_team_see_the_answer_due_and_the_partner_the_networks_assessment()
    {
        var (partner, _) = await platform.PartnerOfANewCompanyAsync();
        var (member, team, _) = await platform.SignInAsMemberOfANewTeamAsync("Lead", "AML");
        using var p = partner;
        using var m = member;
        var request = await partner.SubmitNewAsync("Awaiting answers");
        await platform.Client.InAssessmentRoutedToAsync(request, team);

        var staffView = await platform.Client.GetAsync($"/api/collaborations/{request}").OkJsonAsync();
        var due = staffView.GetProperty("routings")[0].GetProperty("answerDueOn").GetString();
        Assert.NotNull(due);
        Assert.Equal(("Teams", "Answers", due), Awaiting(staffView));
        Assert.Equal(("Teams", "Answers", due), Awaiting(await member.GetAsync($"/api/collaborations/{request}").OkJsonAsync()));
        Assert.Equal(("Network", "Assessment", null), Awaiting(await partner.GetAsync($"/api/collaborations/{request}").OkJsonAsync()));

        await member.StepAsync($"/api/collaborations/{request}/routings/{team}/answer", new { interested = true, approach = "Flow MRD", indicativeBudgetEuros = 120000, timeline = "12 months" });

        Assert.Equal(("Network", "Assessment", null), Awaiting(await platform.Client.GetAsync($"/api/collaborations/{request}").OkJsonAsync()));
    }
}
