using AlfaPlatform.Client.Models;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.Kiota.Abstractions;

namespace AlfaPlatform.Client.Tests.Collaborations;

/// <summary>
/// A partner company's request, triaged by staff, routed to a team, answered by a member of it and seen by the
/// partner, all through the client Kiota generates from docs/openapi/v1.json: what an integrator's typed client can do
/// with the document as published. Only signing in is hand-written (<see cref="GeneratedClient.SignInAsync"/> says why).
/// </summary>
public sealed class RequestThroughGeneratedClientTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private const string Password = "a-long-enough-password";

    [Fact]
    public async Task a_partner_request_is_triaged_routed_answered_and_seen_by_the_partner_through_the_generated_client()
    {
        using var staff = await GeneratedClient.SignInAsync(platform, FirstStaffAccount.UserName, Accounts.StaffPassword);
        var unique = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

        // Staff set up the parties: a partner company with an account, and a team whose lead has a member account.
        var company = await staff.Api.Api.Organisations.PostAsync(Organisation($"P{unique}", OrganisationKind.PartnerCompany, RegisterCommand_size.Sme));
        var partnerAccount = await staff.Api.Api.Accounts.PostAsync(new CreateAccountCommand
        {
            UserName = $"partner-{unique}@example.org", DisplayName = "Partner", Roles = ["partner"], PartnerOrganisationId = company!.Id, Password = Password,
        });
        Assert.Equal(["partner"], partnerAccount!.Account!.Roles);

        var institute = await staff.Api.Api.Organisations.PostAsync(Organisation($"T{unique}", OrganisationKind.ResearchTeam, size: null));
        var team = await staff.Api.Api.Teams.PostAsync(new CreateTeamOperationCommand { OrganisationId = institute!.Id, Name = $"Team {unique}", FocusAreas = ["AML"] });
        var lead = await staff.Api.Api.People.PostAsync(new RegisterPersonOperationCommand
        {
            GivenName = "Lena", FamilyName = "Lead", Email = $"lena.lead.{unique}@example.org".ToLowerInvariant(),
        });
        await SettledAsync(await staff.Api.Api.Teams[team!.Id!.Value].Members.PostAsync(new AddMemberOperationCommand
        {
            PersonId = lead!.Id, Role = TeamRole.Lead, On = new Date(2024, 1, 1),
        }));

        var memberAccount = await staff.Api.Api.Accounts.PostAsync(new CreateAccountCommand
        {
            UserName = $"member-{unique}@example.org", DisplayName = "Lead of the team", Roles = ["member"], Password = Password,
        });
        var linked = await staff.Api.Api.People[lead.Id!.Value].Account.PutAsync(new LinkAccountCommand { AccountId = memberAccount!.Account!.Id });
        Assert.Equal(memberAccount.Account.Id, linked!.AccountId);

        // The partner drafts and submits.
        using var partner = await GeneratedClient.SignInAsync(platform, partnerAccount.Account.UserName!, Password);
        var drafted = await partner.Api.Api.Collaborations.PostAsync(new DraftRequestOperationCommand
        {
            Title = $"NPM1 MRD follow-up {unique}",
            Summary = "MRD monitoring in NPM1-mutated AML",
            ConfidentialDetails = "Compound ALX-17, phase II",
            ConfidentialityAgreementRequired = false,
            Kinds = [DraftRequestOperationCommand_kinds.MrdMonitoring],
            DiseaseAreas = ["AML"],
            Capabilities = [DraftRequestOperationCommand_capabilities.MrdFlowCytometry],
            BudgetMinEuros = 100_000,
            BudgetMaxEuros = 250_000,
            DesiredStart = new Date(2027, 1, 4),
            DurationMonths = 18,
        });
        Assert.Equal(RequestState.Draft, drafted!.State);
        var request = partner.Api.Api.Collaborations[drafted.Id!.Value];
        Assert.Equal(RequestState.Submitted, (await request.Submit.PostAsync())!.State);

        // Staff triage it and route it to the team; the partner may not route.
        var asStaff = staff.Api.Api.Collaborations[drafted.Id.Value];
        Assert.Equal(RequestState.Screening, (await asStaff.Screening.PostAsync())!.State);
        Assert.Equal(RequestState.Assessment, (await asStaff.Accept.PostAsync(new AcceptForAssessmentOperationCommand { Note = "In scope: MRD in AML" }))!.State);
        var refused = await Assert.ThrowsAnyAsync<ApiException>(() => request.Routings.PostAsync(new RouteOperationCommand { TargetId = team.Id, Reason = "mine" }));
        Assert.Equal(403, refused.ResponseStatusCode);
        var routed = await asStaff.Routings.PostAsync(new RouteOperationCommand { TargetId = team.Id, Reason = "MRD flow cytometry" });
        Assert.Equal([team.Id], routed!.Routings!.Select(r => r.TargetId));

        // The team's member finds it in the inbox, may not talk to the partner before the shortlist, and answers.
        using var member = await GeneratedClient.SignInAsync(platform, memberAccount.Account.UserName!, Password);
        var inbox = await member.Api.Api.Collaborations.GetAsync();
        Assert.Contains(drafted.Id, inbox!.Items!.Select(r => r.Id));
        var asMember = member.Api.Api.Collaborations[drafted.Id.Value];
        var notYet = await Assert.ThrowsAsync<ProblemDetails>(() => asMember.Messages.PostAsync(new PostMessageOperationCommand { Text = "May we join?" }));
        Assert.Equal(("not_in_conversation", 409), (notYet.Code, notYet.ResponseStatusCode));
        var answered = await asMember.Routings[team.Id.Value].Answer.PostAsync(new AnswerRoutingOperationCommand
        {
            Interested = true, Approach = "Flow MRD at three time points", IndicativeBudgetEuros = 180_000, Timeline = "12 months",
        });
        Assert.True(answered!.Routings!.Single().Answer!.Interested);

        // Staff shortlist the answer; the partner sees the team's proposal, selects it, and sees the request move on.
        Assert.Equal(RequestState.Shortlisted, (await asStaff.Shortlist.PostAsync(new ShortlistOperationCommand { TargetIds = [team.Id] }))!.State);
        var seen = (await partner.Api.Api.Collaborations.GetAsync())!.Items!.Single(r => r.Id == drafted.Id);
        Assert.Equal(RequestState.Shortlisted, seen.State);
        var proposal = Assert.Single(seen.Proposals!);
        Assert.Equal((team.Id, "Flow MRD at three time points", 180_000d), (proposal.TargetId, proposal.Approach, proposal.IndicativeBudgetEuros));
        Assert.Empty(seen.Routings!); // the partner is not shown whom the network asked
        var selected = await request.Select.PostAsync(new SelectProposalOperationCommand { TargetId = team.Id });
        Assert.Equal((RequestState.Contracting, team.Id), (selected!.State, selected.SelectedTargetId));
        Assert.Equal(RequestState.Contracting, (await member.Api.Api.Collaborations.GetAsync())!.Items!.Single(r => r.Id == drafted.Id).State);
    }

    /// <summary>
    /// An answer the scenario does not read. Adding a member has no success schema in the document yet, so its
    /// generated method answers a raw stream, which is closed here; once the document types it, this still compiles.
    /// </summary>
    private static async Task SettledAsync(object? answer)
    {
        if (answer is IAsyncDisposable stream)
        {
            await stream.DisposeAsync();
        }
    }

    private static RegisterCommand Organisation(string acronym, OrganisationKind kind, RegisterCommand_size? size) => new()
    {
        Name = $"Organisation {acronym}", Acronym = acronym, Kind = kind, City = "Paris", Country = "FR",
        Affiliations = ["UMR-0000"], Website = "https://example.org", Size = size,
    };
}
