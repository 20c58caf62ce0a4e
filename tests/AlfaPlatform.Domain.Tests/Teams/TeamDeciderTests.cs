using System.Globalization;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Teams;

namespace AlfaPlatform.Domain.Tests.Teams;

/// <summary>
/// The rules of a team and its roster, given–when–then: the history as events, one command, then the events it
/// produces or the reason it is refused. Pure: no grain, no store, no clock (today is passed in).
/// </summary>
public sealed class TeamDeciderTests : DeciderSpec<Team>
{
    private static readonly DateOnly Today = new(2025, 6, 15);

    private static readonly Guid TeamId = new("1d4b8a4e-2c55-4f0e-9a8e-5b7c0e3f9a11");

    private static readonly Guid OrganisationId = new("6f1c2a4e-93b0-4d4e-8a55-0c6f4f1d2b7a");

    private static readonly Guid Ada = new("aaaaaaaa-0000-4000-8000-000000000001");

    private static readonly Guid Bob = new("bbbbbbbb-0000-4000-8000-000000000002");

    private static readonly Guid Cyd = new("cccccccc-0000-4000-8000-000000000003");

    private static readonly Guid Dan = new("dddddddd-0000-4000-8000-000000000004");

    private static readonly TeamCreated Created = new(Guid.Empty, OrganisationId, "Leukemia genomics", ["Genomics", "AML"]);

    /// <summary>Ada leads since the start of 2024; Bob, a biologist, joined a month later.</summary>
    private static readonly DateOnly AdaJoined = new(2024, 1, 10);

    private static readonly DateOnly BobJoined = new(2024, 2, 1);

    private static readonly MemberAdded AdaLeads = new(Ada, TeamRole.Lead, null, AdaJoined);

    private static readonly MemberAdded BobBiologist = new(Bob, TeamRole.Biologist, null, BobJoined);


    // ---------------------------------------------------------------- creation

    [Fact]
    public void creating_a_team_records_it_with_a_trimmed_name_and_tidy_focus_areas()
    {
        Given();

        var decision = When(new CreateTeam(
            OrganisationId,
            "  Leukemia genomics\t",
            [" Genomics", "AML ", "", "   ", "Genomics", " AML", "Single-cell"]));

        ThenEvents(decision, new TeamCreated(Guid.Empty, OrganisationId, "Leukemia genomics", ["Genomics", "AML", "Single-cell"]));
    }

    [Fact]
    public void creating_a_team_without_focus_areas_records_none()
    {
        Given();

        var decision = When(new CreateTeam(OrganisationId, "Biobank", []));

        ThenEvents(decision, new TeamCreated(Guid.Empty, OrganisationId, "Biobank", []));
    }

    [Fact]
    public void creating_a_team_twice_is_a_conflict()
    {
        Given(Created);

        var decision = When(Create());

        ThenRejected(decision, RejectionKind.Conflict, "already_created");
    }

    [Fact]
    public void an_archived_team_cannot_be_created_again()
    {
        Given(Created, new TeamArchived(null));

        var decision = When(Create());

        ThenRejected(decision, RejectionKind.Conflict, "already_created");
    }

    [Theory]
    [InlineData(nameof(RenameTeam))]
    [InlineData(nameof(ChangeTeamFocus))]
    [InlineData(nameof(ArchiveTeam))]
    [InlineData(nameof(AddMember))]
    [InlineData(nameof(ChangeMemberRole))]
    [InlineData(nameof(RecordMemberLeft))]
    [InlineData(nameof(HandLead))]
    public void any_other_command_on_an_unknown_team_is_not_found(string command)
    {
        Given();

        var decision = When(CommandNamed(command));

        ThenRejected(decision, RejectionKind.NotFound, "not_found");
    }

    [Fact]
    public void a_created_team_starts_with_its_name_and_focus_and_no_members()
    {
        var state = Given(Created with { TeamId = TeamId });

        Assert.NotNull(state);
        Assert.Equal(TeamId, state.Id);
        Assert.Equal(OrganisationId, state.OrganisationId);
        Assert.Equal("Leukemia genomics", state.Name);
        Assert.Equal(["Genomics", "AML"], state.FocusAreas);
        Assert.Empty(state.Members);
        Assert.Empty(state.ActiveMembers);
        Assert.Null(state.Lead);
        Assert.Empty(state.RosterOn(Today));
        Assert.False(state.IsArchived);
    }

    [Fact]
    public void an_unknown_command_on_a_created_team_is_a_programming_error()
    {
        Given(Created);

        Assert.Throws<ArgumentOutOfRangeException>(() => When(new SomeFutureCommand()));
    }

    // ---------------------------------------------------------------- identity

    [Fact]
    public void with_identity_fills_in_the_team_id_of_the_creation()
    {
        Given();

        var decision = When(Create()).WithIdentity(TeamId);

        ThenEvents(decision, Created with { TeamId = TeamId });
    }

    [Fact]
    public void with_identity_leaves_events_other_than_the_creation_unchanged()
    {
        var decision = Decision.Accept(new TeamRenamed("Other"), Created, AdaLeads);

        var identified = decision.WithIdentity(TeamId);

        ThenEvents(identified, new TeamRenamed("Other"), Created with { TeamId = TeamId }, AdaLeads);
    }

    [Fact]
    public void with_identity_keeps_a_rejection()
    {
        Given(Created);
        var rejected = When(Create());

        var identified = rejected.WithIdentity(TeamId);

        Assert.False(identified.IsAccepted);
        Assert.Equal(rejected.Rejection, identified.Rejection);
        Assert.Empty(identified.Events);
    }

    // ---------------------------------------------------------------- name and focus

    [Fact]
    public void renaming_a_team_records_the_trimmed_name()
    {
        Given(Created);

        var decision = When(new RenameTeam("  Leukemia multi-omics "));

        ThenEvents(decision, new TeamRenamed("Leukemia multi-omics"));
    }

    [Theory]
    [InlineData("Leukemia genomics")]
    [InlineData("  Leukemia genomics ")]
    public void renaming_a_team_to_its_current_name_is_accepted_without_events(string name)
    {
        Given(Created);

        var decision = When(new RenameTeam(name));

        ThenAcceptedWithoutEvents(decision);
    }

    [Fact]
    public void a_renamed_team_has_the_new_name_and_keeps_the_rest()
    {
        var state = Given(Created, AdaLeads, new TeamRenamed("Leukemia multi-omics"));

        Assert.NotNull(state);
        Assert.Equal("Leukemia multi-omics", state.Name);
        Assert.Equal(["Genomics", "AML"], state.FocusAreas);
        Assert.Equal(Ada, Assert.Single(state.Members).PersonId);
    }

    [Fact]
    public void changing_the_focus_records_the_focus_areas_trimmed_without_empties_or_duplicates()
    {
        Given(Created);

        var decision = When(new ChangeTeamFocus([" MDS ", "", "AML", "  ", "MDS", "AML "]));

        ThenEvents(decision, new TeamFocusChanged(["MDS", "AML"]));
    }

    [Fact]
    public void clearing_the_focus_records_no_focus_areas()
    {
        Given(Created);

        var decision = When(new ChangeTeamFocus([]));

        ThenEvents(decision, new TeamFocusChanged([]));
    }

    [Fact]
    public void reordering_the_focus_areas_records_the_new_order()
    {
        Given(Created);

        var decision = When(new ChangeTeamFocus(["AML", "Genomics"]));

        ThenEvents(decision, new TeamFocusChanged(["AML", "Genomics"]));
    }

    [Fact]
    public void changing_the_focus_to_what_it_already_is_is_accepted_without_events()
    {
        Given(Created);

        var decision = When(new ChangeTeamFocus(new List<string> { " Genomics", "", "AML ", "Genomics" }));

        ThenAcceptedWithoutEvents(decision);
    }

    [Fact]
    public void a_focus_change_replaces_the_focus_areas()
    {
        var state = Given(Created, new TeamFocusChanged(["MDS"]));

        Assert.NotNull(state);
        Assert.Equal(["MDS"], state.FocusAreas);
        Assert.Equal("Leukemia genomics", state.Name);
    }

    // ---------------------------------------------------------------- archiving

    [Theory]
    [InlineData("Merged into the genomics platform")]
    [InlineData(null)]
    public void archiving_a_team_without_members_records_it_with_the_reason(string? reason)
    {
        Given(Created);

        var decision = When(new ArchiveTeam(reason));

        ThenEvents(decision, new TeamArchived(reason));
    }

    [Fact]
    public void a_team_whose_members_have_all_left_can_be_archived()
    {
        Given(Created, AdaLeads, BobBiologist, new MemberLeft(Bob, Today.AddDays(-20), null), new MemberLeft(Ada, Today.AddDays(-10), null));

        var decision = When(new ArchiveTeam(null));

        ThenEvents(decision, new TeamArchived(null));
    }

    [Fact]
    public void a_team_with_active_members_cannot_be_archived()
    {
        Given(Created, AdaLeads, BobBiologist, new MemberLeft(Bob, Today.AddDays(-20), null));

        var decision = When(new ArchiveTeam(null));

        ThenRejected(decision, RejectionKind.Conflict, "has_members");
    }

    [Fact]
    public void an_archived_team_is_marked_archived_and_keeps_its_history()
    {
        var state = Given(Created, AdaLeads, new MemberLeft(Ada, Today, null), new TeamArchived("Done"));

        Assert.NotNull(state);
        Assert.True(state.IsArchived);
        Assert.Equal("Leukemia genomics", state.Name);
        Assert.Equal(Ada, Assert.Single(state.Members).PersonId);
        Assert.Equal(Ada, Assert.Single(state.RosterOn(AdaJoined)).PersonId);
    }

    [Theory]
    [InlineData(nameof(RenameTeam))]
    [InlineData(nameof(ChangeTeamFocus))]
    [InlineData(nameof(ArchiveTeam))]
    [InlineData(nameof(AddMember))]
    [InlineData(nameof(ChangeMemberRole))]
    [InlineData(nameof(RecordMemberLeft))]
    [InlineData(nameof(HandLead))]
    public void an_archived_team_can_no_longer_change(string command)
    {
        Given([.. HistoryAccepting(command), new TeamArchived(null)]);

        var decision = When(CommandNamed(command));

        ThenRejected(decision, RejectionKind.Conflict, "archived");
    }

    [Theory]
    [InlineData(nameof(RenameTeam))]
    [InlineData(nameof(ChangeTeamFocus))]
    [InlineData(nameof(ArchiveTeam))]
    [InlineData(nameof(AddMember))]
    [InlineData(nameof(ChangeMemberRole))]
    [InlineData(nameof(RecordMemberLeft))]
    [InlineData(nameof(HandLead))]
    public void the_same_commands_are_accepted_before_archiving(string command)
    {
        // Guards the test above: the rejection comes from the archive, not from the command itself. (Archiving a
        // team with members is refused, so these histories are folded directly rather than built by commands.)
        Given(HistoryAccepting(command));

        var decision = When(CommandNamed(command));

        Assert.True(decision.IsAccepted, decision.Rejection?.Code);
        Assert.NotEmpty(decision.Events);
    }

    // ---------------------------------------------------------------- adding members

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-3650)]
    public void the_first_member_joins_as_lead_today_or_in_the_past(int daysFromToday)
    {
        Given(Created);
        var on = Today.AddDays(daysFromToday);

        var decision = When(new AddMember(Ada, TeamRole.Lead, null, on));

        ThenEvents(decision, new MemberAdded(Ada, TeamRole.Lead, null, on));
    }

    [Theory]
    [InlineData(TeamRole.PrincipalInvestigator)]
    [InlineData(TeamRole.Biologist)]
    [InlineData(TeamRole.PhdStudent)]
    [InlineData(TeamRole.Other)]
    public void the_first_member_must_be_the_lead(TeamRole role)
    {
        Given(Created);

        var decision = When(new AddMember(Ada, role, "Coordinator", Today));

        ThenRejected(decision, RejectionKind.Conflict, "lead_required");
    }

    [Fact]
    public void after_a_lone_lead_left_the_next_member_must_again_be_the_lead()
    {
        Given(Created, AdaLeads, new MemberLeft(Ada, Today.AddDays(-30), null));

        ThenRejected(When(new AddMember(Bob, TeamRole.Biologist, null, Today)), RejectionKind.Conflict, "lead_required");
        ThenEvents(When(new AddMember(Bob, TeamRole.Lead, null, Today)), new MemberAdded(Bob, TeamRole.Lead, null, Today));
    }

    [Fact]
    public void a_second_lead_cannot_be_added()
    {
        Given(Created, AdaLeads);

        var decision = When(new AddMember(Bob, TeamRole.Lead, null, Today));

        ThenRejected(decision, RejectionKind.Conflict, "lead_exists");
    }

    [Theory]
    [InlineData(TeamRole.PrincipalInvestigator)]
    [InlineData(TeamRole.Clinician)]
    [InlineData(TeamRole.Biologist)]
    [InlineData(TeamRole.Bioinformatician)]
    [InlineData(TeamRole.DataManager)]
    [InlineData(TeamRole.ResearchNurse)]
    [InlineData(TeamRole.Engineer)]
    [InlineData(TeamRole.PhdStudent)]
    [InlineData(TeamRole.PostDoc)]
    [InlineData(TeamRole.Administrator)]
    public void once_there_is_a_lead_members_join_in_any_other_role(TeamRole role)
    {
        Given(Created, AdaLeads);

        var decision = When(new AddMember(Bob, role, null, BobJoined));

        ThenEvents(decision, new MemberAdded(Bob, role, null, BobJoined));
    }

    [Theory]
    [InlineData(TeamRole.Other, "  Lab manager ", "Lab manager")]
    [InlineData(TeamRole.Other, "Lab manager", "Lab manager")]
    [InlineData(TeamRole.Other, null, null)]
    [InlineData(TeamRole.Biologist, "Lab manager", null)]
    [InlineData(TeamRole.Engineer, "  ", null)]
    public void a_role_label_is_kept_only_for_the_other_role(TeamRole role, string? label, string? expected)
    {
        Given(Created, AdaLeads);

        var decision = When(new AddMember(Bob, role, label, Today));

        ThenEvents(decision, new MemberAdded(Bob, role, expected, Today));
    }

    [Fact]
    public void a_label_given_to_the_lead_is_dropped()
    {
        Given(Created);

        var decision = When(new AddMember(Ada, TeamRole.Lead, "Head of team", Today));

        ThenEvents(decision, new MemberAdded(Ada, TeamRole.Lead, null, Today));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(365)]
    public void a_member_cannot_join_on_a_future_date(int daysFromToday)
    {
        Given(Created, AdaLeads);

        var decision = When(new AddMember(Bob, TeamRole.Biologist, null, Today.AddDays(daysFromToday)));

        ThenRejected(decision, RejectionKind.Conflict, "date_in_future");
    }

    [Fact]
    public void what_is_in_the_future_depends_on_the_day_the_command_is_decided()
    {
        Given(Created);
        var on = Today.AddDays(10);

        var decision = When(new AddMember(Ada, TeamRole.Lead, null, on), today: on);

        ThenEvents(decision, new MemberAdded(Ada, TeamRole.Lead, null, on));
    }

    [Theory]
    [InlineData("Ada", TeamRole.Biologist)]
    [InlineData("Bob", TeamRole.Biologist)]
    [InlineData("Bob", TeamRole.Engineer)]
    public void an_active_member_cannot_be_added_again(string person, TeamRole role)
    {
        Given(Created, AdaLeads, BobBiologist);

        var decision = When(new AddMember(PersonNamed(person), role, null, Today));

        ThenRejected(decision, RejectionKind.Conflict, "already_member");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(30)]
    public void a_former_member_can_rejoin_on_or_after_the_day_they_left(int daysAfterLeaving)
    {
        var leftOn = new DateOnly(2024, 6, 1);
        Given(Created, AdaLeads, BobBiologist, new MemberLeft(Bob, leftOn, null));
        var rejoinedOn = leftOn.AddDays(daysAfterLeaving);

        var decision = When(new AddMember(Bob, TeamRole.Engineer, null, rejoinedOn));

        ThenEvents(decision, new MemberAdded(Bob, TeamRole.Engineer, null, rejoinedOn));
    }

    [Theory]
    [InlineData("2024-05-31")]
    [InlineData("2024-02-01")]
    [InlineData("2024-01-31")]
    [InlineData("2023-01-01")]
    public void a_former_member_cannot_rejoin_on_a_date_before_they_left(string on)
    {
        Given(Created, AdaLeads, BobBiologist, new MemberLeft(Bob, new DateOnly(2024, 6, 1), null));

        var decision = When(new AddMember(Bob, TeamRole.Engineer, null, Date(on)));

        ThenRejected(decision, RejectionKind.Conflict, "overlapping_membership");
    }

    [Fact]
    public void a_member_who_left_twice_can_rejoin_only_on_or_after_the_last_leave()
    {
        Given(
            Created,
            AdaLeads,
            BobBiologist,
            new MemberLeft(Bob, new DateOnly(2024, 3, 1), null),
            new MemberAdded(Bob, TeamRole.Engineer, null, new DateOnly(2024, 5, 1)),
            new MemberLeft(Bob, new DateOnly(2024, 9, 1), null));

        ThenRejected(When(new AddMember(Bob, TeamRole.Engineer, null, new DateOnly(2024, 2, 15))), RejectionKind.Conflict, "overlapping_membership");
        ThenRejected(When(new AddMember(Bob, TeamRole.Engineer, null, new DateOnly(2024, 8, 31))), RejectionKind.Conflict, "overlapping_membership");
        ThenEvents(
            When(new AddMember(Bob, TeamRole.Engineer, null, new DateOnly(2024, 9, 1))),
            new MemberAdded(Bob, TeamRole.Engineer, null, new DateOnly(2024, 9, 1)));
    }

    [Fact]
    public void another_person_s_earlier_membership_does_not_block_a_new_member()
    {
        Given(Created, AdaLeads, BobBiologist, new MemberLeft(Bob, new DateOnly(2024, 6, 1), null));

        var decision = When(new AddMember(Cyd, TeamRole.Engineer, null, new DateOnly(2024, 3, 1)));

        ThenEvents(decision, new MemberAdded(Cyd, TeamRole.Engineer, null, new DateOnly(2024, 3, 1)));
    }

    [Fact]
    public void an_added_member_is_active_from_the_day_they_joined_in_their_role()
    {
        var state = Given(Created, AdaLeads, new MemberAdded(Bob, TeamRole.Other, "Lab manager", BobJoined));

        Assert.NotNull(state);
        Assert.Collection(
            state.Members,
            ada => AssertMembership(ada, Ada, TeamRole.Lead, null, AdaJoined, null, new RolePeriod(TeamRole.Lead, null, AdaJoined)),
            bob => AssertMembership(bob, Bob, TeamRole.Other, "Lab manager", BobJoined, null, new RolePeriod(TeamRole.Other, "Lab manager", BobJoined)));
        Assert.Equal([Ada, Bob], state.ActiveMembers.Select(m => m.PersonId));
        Assert.Equal(Ada, state.Lead?.PersonId);
        Assert.Equal(Bob, state.ActiveMembership(Bob)?.PersonId);
        Assert.Null(state.ActiveMembership(Cyd));
    }

    // ---------------------------------------------------------------- changing a member's role

    [Theory]
    [InlineData(TeamRole.Bioinformatician, null, null)]
    [InlineData(TeamRole.PostDoc, "ignored", null)]
    [InlineData(TeamRole.Other, " Lab manager ", "Lab manager")]
    public void changing_a_member_s_role_records_the_new_role(TeamRole role, string? label, string? expectedLabel)
    {
        Given(Created, AdaLeads, BobBiologist);
        var on = new DateOnly(2024, 4, 1);

        var decision = When(new ChangeMemberRole(Bob, role, label, on));

        ThenEvents(decision, new MemberRoleChanged(Bob, role, expectedLabel, on));
    }

    [Fact]
    public void a_role_can_change_on_the_day_the_current_role_began()
    {
        Given(Created, AdaLeads, BobBiologist);

        var decision = When(new ChangeMemberRole(Bob, TeamRole.Engineer, null, BobJoined));

        ThenEvents(decision, new MemberRoleChanged(Bob, TeamRole.Engineer, null, BobJoined));
    }

    [Fact]
    public void a_person_who_never_joined_has_no_role_to_change()
    {
        Given(Created, AdaLeads, BobBiologist);

        var decision = When(new ChangeMemberRole(Cyd, TeamRole.Engineer, null, Today));

        ThenRejected(decision, RejectionKind.Conflict, "not_a_member");
    }

    [Fact]
    public void a_former_member_has_no_role_to_change()
    {
        Given(Created, AdaLeads, BobBiologist, new MemberLeft(Bob, new DateOnly(2024, 6, 1), null));

        var decision = When(new ChangeMemberRole(Bob, TeamRole.Engineer, null, Today));

        ThenRejected(decision, RejectionKind.Conflict, "not_a_member");
    }

    [Fact]
    public void a_member_cannot_be_made_lead_by_a_role_change()
    {
        Given(Created, AdaLeads, BobBiologist);

        var decision = When(new ChangeMemberRole(Bob, TeamRole.Lead, null, Today));

        ThenRejected(decision, RejectionKind.Conflict, "use_hand_lead");
    }

    [Theory]
    [InlineData(TeamRole.PrincipalInvestigator)]
    [InlineData(TeamRole.Lead)]
    public void the_lead_cannot_change_role_except_by_handing_the_lead_over(TeamRole role)
    {
        Given(Created, AdaLeads, BobBiologist);

        var decision = When(new ChangeMemberRole(Ada, role, null, Today));

        ThenRejected(decision, RejectionKind.Conflict, "use_hand_lead");
    }

    [Fact]
    public void a_lone_lead_cannot_change_role_either()
    {
        Given(Created, AdaLeads);

        var decision = When(new ChangeMemberRole(Ada, TeamRole.Clinician, null, Today));

        ThenRejected(decision, RejectionKind.Conflict, "use_hand_lead");
    }

    [Theory]
    [InlineData("2024-01-31")]
    [InlineData("2023-01-01")]
    public void a_role_cannot_change_before_the_member_joined(string on)
    {
        Given(Created, AdaLeads, BobBiologist);

        var decision = When(new ChangeMemberRole(Bob, TeamRole.Engineer, null, Date(on)));

        ThenRejected(decision, RejectionKind.Conflict, "date_before_start");
    }

    [Fact]
    public void a_role_cannot_change_before_the_current_role_began()
    {
        var changedOn = new DateOnly(2024, 4, 1);
        Given(Created, AdaLeads, BobBiologist, new MemberRoleChanged(Bob, TeamRole.Bioinformatician, null, changedOn));

        ThenRejected(When(new ChangeMemberRole(Bob, TeamRole.Engineer, null, changedOn.AddDays(-1))), RejectionKind.Conflict, "date_before_start");
        ThenEvents(When(new ChangeMemberRole(Bob, TeamRole.Engineer, null, changedOn)), new MemberRoleChanged(Bob, TeamRole.Engineer, null, changedOn));
    }

    [Fact]
    public void a_former_lead_s_role_cannot_change_before_the_hand_over()
    {
        var handedOn = new DateOnly(2024, 5, 1);
        Given(Created, AdaLeads, BobBiologist, new LeadHandedOver(Ada, Bob, TeamRole.Clinician, null, handedOn));

        var decision = When(new ChangeMemberRole(Ada, TeamRole.PrincipalInvestigator, null, handedOn.AddDays(-1)));

        ThenRejected(decision, RejectionKind.Conflict, "date_before_start");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(365)]
    public void a_role_cannot_change_on_a_future_date(int daysFromToday)
    {
        Given(Created, AdaLeads, BobBiologist);

        var decision = When(new ChangeMemberRole(Bob, TeamRole.Engineer, null, Today.AddDays(daysFromToday)));

        ThenRejected(decision, RejectionKind.Conflict, "date_in_future");
    }

    [Theory]
    [InlineData(TeamRole.Biologist, null)]
    [InlineData(TeamRole.Biologist, "a label a biologist does not carry")]
    public void changing_to_the_role_already_held_is_accepted_without_events(TeamRole role, string? label)
    {
        Given(Created, AdaLeads, BobBiologist);

        var decision = When(new ChangeMemberRole(Bob, role, label, Today));

        ThenAcceptedWithoutEvents(decision);
    }

    [Theory]
    [InlineData("Lab manager")]
    [InlineData("  Lab manager ")]
    public void changing_to_the_same_other_role_with_the_same_label_is_accepted_without_events(string label)
    {
        Given(Created, AdaLeads, new MemberAdded(Bob, TeamRole.Other, "Lab manager", BobJoined));

        var decision = When(new ChangeMemberRole(Bob, TeamRole.Other, label, Today));

        ThenAcceptedWithoutEvents(decision);
    }

    [Theory]
    [InlineData("Quality manager", "Quality manager")]
    [InlineData(null, null)]
    public void changing_the_label_of_the_other_role_records_a_role_change(string? label, string? expected)
    {
        Given(Created, AdaLeads, new MemberAdded(Bob, TeamRole.Other, "Lab manager", BobJoined));

        var decision = When(new ChangeMemberRole(Bob, TeamRole.Other, label, Today));

        ThenEvents(decision, new MemberRoleChanged(Bob, TeamRole.Other, expected, Today));
    }

    [Fact]
    public void a_role_change_sets_the_current_role_and_adds_a_role_period()
    {
        var changedOn = new DateOnly(2024, 4, 1);
        var state = Given(Created, AdaLeads, BobBiologist, new MemberRoleChanged(Bob, TeamRole.Other, "Lab manager", changedOn));

        Assert.NotNull(state);
        AssertMembership(
            state.ActiveMembership(Bob),
            Bob,
            TeamRole.Other,
            "Lab manager",
            BobJoined,
            null,
            new RolePeriod(TeamRole.Biologist, null, BobJoined),
            new RolePeriod(TeamRole.Other, "Lab manager", changedOn));
        AssertMembership(state.ActiveMembership(Ada), Ada, TeamRole.Lead, null, AdaJoined, null, new RolePeriod(TeamRole.Lead, null, AdaJoined));
    }

    // ---------------------------------------------------------------- leaving

    [Theory]
    [InlineData("2024-02-02", "Moved abroad")]
    [InlineData("2024-09-30", null)]
    [InlineData("2025-06-15", "Retired")]
    public void a_member_leaving_after_the_day_they_joined_is_recorded(string on, string? reason)
    {
        Given(Created, AdaLeads, BobBiologist);

        var decision = When(new RecordMemberLeft(Bob, Date(on), reason));

        ThenEvents(decision, new MemberLeft(Bob, Date(on), reason));
    }

    [Fact]
    public void a_member_cannot_leave_on_the_day_they_joined_since_they_were_never_on_a_roster()
    {
        Given(Created, AdaLeads, BobBiologist);

        ThenRejected(When(new RecordMemberLeft(Bob, new DateOnly(2024, 2, 1), null)), RejectionKind.Conflict, "date_before_start");
    }

    [Fact]
    public void a_member_who_left_is_no_longer_active_but_stays_in_the_history()
    {
        var leftOn = new DateOnly(2024, 9, 30);
        var state = Given(Created, AdaLeads, BobBiologist, new MemberLeft(Bob, leftOn, "Moved abroad"));

        Assert.NotNull(state);
        Assert.Equal([Ada], state.ActiveMembers.Select(m => m.PersonId));
        Assert.Null(state.ActiveMembership(Bob));
        Assert.Equal(Ada, state.Lead?.PersonId);
        AssertMembership(state.Members[1], Bob, TeamRole.Biologist, null, BobJoined, leftOn, new RolePeriod(TeamRole.Biologist, null, BobJoined));
    }

    [Fact]
    public void the_lead_cannot_leave_while_other_members_remain()
    {
        Given(Created, AdaLeads, BobBiologist);

        var decision = When(new RecordMemberLeft(Ada, Today, null));

        ThenRejected(decision, RejectionKind.Conflict, "lead_must_hand_over");
    }

    [Fact]
    public void the_lead_can_leave_once_the_others_have_left()
    {
        Given(Created, AdaLeads, BobBiologist, new MemberLeft(Bob, new DateOnly(2024, 9, 30), null));

        var decision = When(new RecordMemberLeft(Ada, Today, "Team wound down"));

        ThenEvents(decision, new MemberLeft(Ada, Today, "Team wound down"));
    }

    [Fact]
    public void a_lone_lead_can_leave_and_the_team_then_has_no_lead()
    {
        Given(Created, AdaLeads);

        var decision = When(new RecordMemberLeft(Ada, Today, null));

        ThenEvents(decision, new MemberLeft(Ada, Today, null));
        var state = EventSourced.Fold(decision.Events, State);
        Assert.NotNull(state);
        Assert.Null(state.Lead);
        Assert.Empty(state.ActiveMembers);
        Assert.Empty(state.RosterOn(Today));
    }

    [Theory]
    [InlineData("2024-01-31")]
    [InlineData("2020-01-01")]
    public void a_member_cannot_leave_before_joining(string on)
    {
        Given(Created, AdaLeads, BobBiologist);

        var decision = When(new RecordMemberLeft(Bob, Date(on), null));

        ThenRejected(decision, RejectionKind.Conflict, "date_before_start");
    }

    [Fact]
    public void a_member_who_rejoined_cannot_leave_before_rejoining()
    {
        var rejoinedOn = new DateOnly(2024, 9, 1);
        Given(
            Created,
            AdaLeads,
            BobBiologist,
            new MemberLeft(Bob, new DateOnly(2024, 3, 1), null),
            new MemberAdded(Bob, TeamRole.Engineer, null, rejoinedOn));

        var decision = When(new RecordMemberLeft(Bob, rejoinedOn.AddDays(-1), null));

        ThenRejected(decision, RejectionKind.Conflict, "date_before_start");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(365)]
    public void a_member_cannot_leave_on_a_future_date(int daysFromToday)
    {
        Given(Created, AdaLeads, BobBiologist);

        var decision = When(new RecordMemberLeft(Bob, Today.AddDays(daysFromToday), null));

        ThenRejected(decision, RejectionKind.Conflict, "date_in_future");
    }

    [Fact]
    public void a_person_who_never_joined_cannot_leave()
    {
        Given(Created, AdaLeads);

        var decision = When(new RecordMemberLeft(Bob, Today, null));

        ThenRejected(decision, RejectionKind.Conflict, "not_a_member");
    }

    [Fact]
    public void a_member_cannot_leave_twice()
    {
        Given(Created, AdaLeads, BobBiologist, new MemberLeft(Bob, new DateOnly(2024, 9, 30), null));

        var decision = When(new RecordMemberLeft(Bob, Today, null));

        ThenRejected(decision, RejectionKind.Conflict, "not_a_member");
    }

    // ---------------------------------------------------------------- handing the lead over

    [Fact]
    public void handing_the_lead_over_records_who_leads_now_and_the_former_lead_s_role()
    {
        Given(Created, AdaLeads, BobBiologist);
        var on = new DateOnly(2024, 5, 1);

        var decision = When(new HandLead(Bob, TeamRole.Clinician, null, on));

        ThenEvents(decision, new LeadHandedOver(Ada, Bob, TeamRole.Clinician, null, on));
    }

    [Fact]
    public void after_the_hand_over_the_new_person_leads_and_the_former_lead_holds_the_given_role()
    {
        var on = new DateOnly(2024, 5, 1);
        Given(Created, AdaLeads, BobBiologist);

        var decision = When(new HandLead(Bob, TeamRole.PrincipalInvestigator, null, on));
        var state = EventSourced.Fold(decision.Events, State);

        Assert.NotNull(state);
        Assert.Equal(Bob, state.Lead?.PersonId);
        AssertMembership(
            state.ActiveMembership(Ada),
            Ada,
            TeamRole.PrincipalInvestigator,
            null,
            AdaJoined,
            null,
            new RolePeriod(TeamRole.Lead, null, AdaJoined),
            new RolePeriod(TeamRole.PrincipalInvestigator, null, on));
        AssertMembership(
            state.ActiveMembership(Bob),
            Bob,
            TeamRole.Lead,
            null,
            BobJoined,
            null,
            new RolePeriod(TeamRole.Biologist, null, BobJoined),
            new RolePeriod(TeamRole.Lead, null, on));
        Assert.Single(state.ActiveMembers, m => m.Role == TeamRole.Lead);
    }

    [Theory]
    [InlineData(TeamRole.Other, "  Scientific advisor ", "Scientific advisor")]
    [InlineData(TeamRole.Other, null, null)]
    [InlineData(TeamRole.Clinician, "Scientific advisor", null)]
    public void the_former_lead_s_label_is_kept_only_for_the_other_role(TeamRole role, string? label, string? expected)
    {
        Given(Created, AdaLeads, BobBiologist);

        var decision = When(new HandLead(Bob, role, label, Today));

        ThenEvents(decision, new LeadHandedOver(Ada, Bob, role, expected, Today));
    }

    [Fact]
    public void a_team_without_members_has_no_lead_to_hand_over()
    {
        Given(Created);

        var decision = When(new HandLead(Bob, TeamRole.Clinician, null, Today));

        ThenRejected(decision, RejectionKind.Conflict, "no_lead");
    }

    [Fact]
    public void a_team_whose_lone_lead_left_has_no_lead_to_hand_over()
    {
        Given(Created, AdaLeads, new MemberLeft(Ada, new DateOnly(2024, 6, 1), null));

        var decision = When(new HandLead(Ada, TeamRole.Clinician, null, Today));

        ThenRejected(decision, RejectionKind.Conflict, "no_lead");
    }

    [Theory]
    [InlineData("Cyd")]
    [InlineData("Dan")]
    [InlineData("Ada")]
    public void the_lead_passes_only_to_another_active_member(string person)
    {
        // Cyd never joined, Dan left, Ada is the lead already.
        Given(
            Created,
            AdaLeads,
            BobBiologist,
            new MemberAdded(Dan, TeamRole.Engineer, null, new DateOnly(2024, 3, 1)),
            new MemberLeft(Dan, new DateOnly(2024, 4, 1), null));

        var decision = When(new HandLead(PersonNamed(person), TeamRole.Clinician, null, Today));

        ThenRejected(decision, RejectionKind.Conflict, "not_a_member");
    }

    [Fact]
    public void the_former_lead_cannot_stay_lead()
    {
        Given(Created, AdaLeads, BobBiologist);

        var decision = When(new HandLead(Bob, TeamRole.Lead, null, Today));

        ThenRejected(decision, RejectionKind.Conflict, "one_lead");
    }

    [Theory]
    [InlineData("2024-01-09")]
    [InlineData("2024-01-10")]
    [InlineData("2024-01-31")]
    public void the_lead_cannot_pass_before_the_new_lead_s_current_role_began(string on)
    {
        // Ada leads since 2024-01-10, Bob is a biologist since 2024-02-01.
        Given(Created, AdaLeads, BobBiologist);

        var decision = When(new HandLead(Bob, TeamRole.Clinician, null, Date(on)));

        ThenRejected(decision, RejectionKind.Conflict, "date_before_start");
    }

    [Theory]
    [InlineData("2024-02-01")]
    [InlineData("2024-02-28")]
    public void the_lead_cannot_pass_before_the_current_lead_s_role_began(string on)
    {
        // Cyd led first and handed the lead to Ada on 2024-03-01; Bob is a biologist since 2024-02-01.
        var back = new DateOnly(2024, 3, 1);
        Given(
            Created,
            new MemberAdded(Cyd, TeamRole.Lead, null, new DateOnly(2023, 12, 1)),
            new MemberAdded(Ada, TeamRole.Clinician, null, AdaJoined),
            BobBiologist,
            new LeadHandedOver(Cyd, Ada, TeamRole.PostDoc, null, back));

        var decision = When(new HandLead(Bob, TeamRole.Clinician, null, Date(on)));

        ThenRejected(decision, RejectionKind.Conflict, "date_before_start");
    }

    [Theory]
    [InlineData("2024-02-01")]
    [InlineData("2025-06-15")]
    public void the_lead_can_pass_from_the_day_both_current_roles_began(string on)
    {
        Given(Created, AdaLeads, BobBiologist);

        var decision = When(new HandLead(Bob, TeamRole.Clinician, null, Date(on)));

        ThenEvents(decision, new LeadHandedOver(Ada, Bob, TeamRole.Clinician, null, Date(on)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(365)]
    public void the_lead_cannot_pass_on_a_future_date(int daysFromToday)
    {
        Given(Created, AdaLeads, BobBiologist);

        var decision = When(new HandLead(Bob, TeamRole.Clinician, null, Today.AddDays(daysFromToday)));

        ThenRejected(decision, RejectionKind.Conflict, "date_in_future");
    }

    [Fact]
    public void after_the_hand_over_the_former_lead_may_leave_and_change_role_but_the_new_lead_may_not()
    {
        var on = new DateOnly(2024, 5, 1);
        Given(Created, AdaLeads, BobBiologist, new LeadHandedOver(Ada, Bob, TeamRole.Clinician, null, on));

        ThenEvents(When(new RecordMemberLeft(Ada, Today, null)), new MemberLeft(Ada, Today, null));
        ThenEvents(When(new ChangeMemberRole(Ada, TeamRole.PrincipalInvestigator, null, Today)), new MemberRoleChanged(Ada, TeamRole.PrincipalInvestigator, null, Today));
        ThenRejected(When(new RecordMemberLeft(Bob, Today, null)), RejectionKind.Conflict, "lead_must_hand_over");
        ThenRejected(When(new ChangeMemberRole(Bob, TeamRole.Biologist, null, Today)), RejectionKind.Conflict, "use_hand_lead");
        ThenEvents(When(new HandLead(Ada, TeamRole.Biologist, null, Today)), new LeadHandedOver(Bob, Ada, TeamRole.Biologist, null, Today));
    }

    // ---------------------------------------------------------------- the roster on a date

    /// <summary>
    /// Built by the decider itself: Ada leads from 2024-01-10, Bob joins as biologist on 2024-02-01, Cyd as engineer
    /// on 2024-03-15, Bob becomes bioinformatician on 2024-04-01, Cyd leaves on 2024-05-20.
    /// </summary>
    [Theory]
    [InlineData("2023-12-31", "")]
    [InlineData("2024-01-09", "")]
    [InlineData("2024-01-10", "Ada:Lead")]
    [InlineData("2024-01-31", "Ada:Lead")]
    [InlineData("2024-02-01", "Ada:Lead Bob:Biologist")]
    [InlineData("2024-03-14", "Ada:Lead Bob:Biologist")]
    [InlineData("2024-03-15", "Ada:Lead Bob:Biologist Cyd:Engineer")]
    [InlineData("2024-03-31", "Ada:Lead Bob:Biologist Cyd:Engineer")]
    [InlineData("2024-04-01", "Ada:Lead Bob:Bioinformatician Cyd:Engineer")]
    [InlineData("2024-05-19", "Ada:Lead Bob:Bioinformatician Cyd:Engineer")]
    [InlineData("2024-05-20", "Ada:Lead Bob:Bioinformatician")]
    [InlineData("2025-06-15", "Ada:Lead Bob:Bioinformatician")]
    [InlineData("2030-01-01", "Ada:Lead Bob:Bioinformatician")]
    public void the_roster_on_a_date_holds_exactly_the_members_of_that_day_in_the_role_they_held(string date, string expected)
    {
        var state = Decided(
            Create(),
            new AddMember(Ada, TeamRole.Lead, null, AdaJoined),
            new AddMember(Bob, TeamRole.Biologist, null, BobJoined),
            new AddMember(Cyd, TeamRole.Engineer, null, new DateOnly(2024, 3, 15)),
            new ChangeMemberRole(Bob, TeamRole.Bioinformatician, null, new DateOnly(2024, 4, 1)),
            new RecordMemberLeft(Cyd, new DateOnly(2024, 5, 20), "End of contract"));

        var roster = state.RosterOn(Date(date)).ToArray();

        Assert.Equal(expected, Describe(roster));
        Assert.All(roster, m => Assert.Null(m.LeftOn));
    }

    [Fact]
    public void the_roster_keeps_each_membership_s_history_and_leaves_the_team_unchanged()
    {
        var state = Decided(
            Create(),
            new AddMember(Ada, TeamRole.Lead, null, AdaJoined),
            new AddMember(Bob, TeamRole.Biologist, null, BobJoined),
            new ChangeMemberRole(Bob, TeamRole.Other, "Lab manager", new DateOnly(2024, 4, 1)));

        var bob = state.RosterOn(new DateOnly(2024, 3, 1)).Single(m => m.PersonId == Bob);

        AssertMembership(
            bob,
            Bob,
            TeamRole.Biologist,
            null,
            BobJoined,
            null,
            new RolePeriod(TeamRole.Biologist, null, BobJoined),
            new RolePeriod(TeamRole.Other, "Lab manager", new DateOnly(2024, 4, 1)));
        Assert.Equal(TeamRole.Other, state.ActiveMembership(Bob)?.Role);
        Assert.Equal("Lab manager", state.ActiveMembership(Bob)?.RoleLabel);
        Assert.Equal("Lab manager", state.RosterOn(new DateOnly(2024, 4, 1)).Single(m => m.PersonId == Bob).RoleLabel);
    }

    [Theory]
    [InlineData("2024-04-30", "Ada:Lead Bob:Biologist")]
    [InlineData("2024-05-01", "Ada:Other(Scientific advisor) Bob:Lead")]
    [InlineData("2025-06-15", "Ada:Other(Scientific advisor) Bob:Lead")]
    public void the_roster_shows_one_lead_on_each_side_of_a_hand_over(string date, string expected)
    {
        var state = Decided(
            Create(),
            new AddMember(Ada, TeamRole.Lead, null, AdaJoined),
            new AddMember(Bob, TeamRole.Biologist, null, BobJoined),
            new HandLead(Bob, TeamRole.Other, "Scientific advisor", new DateOnly(2024, 5, 1)));

        Assert.Equal(expected, Describe(state.RosterOn(Date(date))));
    }

    [Theory]
    [InlineData("2024-02-29", "Ada:Lead Bob:Biologist")]
    [InlineData("2024-03-01", "Ada:Lead")]
    [InlineData("2024-03-31", "Ada:Lead")]
    [InlineData("2024-04-01", "Ada:Lead Bob:Engineer")]
    public void the_roster_follows_a_member_who_left_and_rejoined(string date, string expected)
    {
        var state = Decided(
            Create(),
            new AddMember(Ada, TeamRole.Lead, null, AdaJoined),
            new AddMember(Bob, TeamRole.Biologist, null, BobJoined),
            new RecordMemberLeft(Bob, new DateOnly(2024, 3, 1), null),
            new AddMember(Bob, TeamRole.Engineer, null, new DateOnly(2024, 4, 1)));

        Assert.Equal(expected, Describe(state.RosterOn(Date(date))));
    }

    [Theory]
    [InlineData("2024-04-01", "Ada:Lead Bob:Other(Lab manager)")]
    [InlineData("2024-04-02", "Ada:Lead Bob:Other(Lab manager)")]
    public void when_a_role_changes_twice_on_one_day_the_roster_shows_the_last(string date, string expected)
    {
        var state = Decided(
            Create(),
            new AddMember(Ada, TeamRole.Lead, null, AdaJoined),
            new AddMember(Bob, TeamRole.Biologist, null, BobJoined),
            new ChangeMemberRole(Bob, TeamRole.Engineer, null, new DateOnly(2024, 4, 1)),
            new ChangeMemberRole(Bob, TeamRole.Other, "Lab manager", new DateOnly(2024, 4, 1)));

        Assert.Equal(expected, Describe(state.RosterOn(Date(date))));
    }

    [Fact]
    public void a_membership_as_on_a_day_before_its_leave_date_is_still_open_and_on_or_after_it_is_closed()
    {
        var leftOn = new DateOnly(2024, 5, 20);
        var membership = Membership.Start(Cyd, TeamRole.Engineer, null, new DateOnly(2024, 3, 15)) with { LeftOn = leftOn };

        Assert.Null(membership.AsOn(leftOn.AddDays(-1)).LeftOn);
        Assert.Equal(leftOn, membership.AsOn(leftOn).LeftOn);
        Assert.Equal(leftOn, membership.AsOn(leftOn.AddDays(1)).LeftOn);
    }

    // ---------------------------------------------------------------- one lead on every day

    [Theory]
    [InlineData("hand_over_then_former_lead_leaves")]
    [InlineData("lead_tries_to_leave_before_the_others")]
    [InlineData("second_lead_refused")]
    [InlineData("lone_lead_leaves_then_a_new_lead_from_that_day")]
    [InlineData("rejoin_after_leaving")]
    public void whatever_the_decider_accepts_a_roster_with_members_has_exactly_one_lead_every_day(string scenario)
    {
        var state = Attempted(Scenario(scenario));

        AssertOneLeadEveryDay(state);
    }

    /// <summary>
    /// Back-dated leaves and joins must not give a past day with no lead or two leads: a leave is not dated before
    /// the member's current role began, a member not before the lead took the lead, a new lead not before the last
    /// member left.
    /// </summary>
    [Theory]
    [InlineData("former_lead_leaves_before_the_hand_over")]
    [InlineData("new_lead_leaves_before_taking_the_lead")]
    [InlineData("new_lead_dated_before_the_lone_lead_left")]
    [InlineData("member_dated_before_the_lead_joined")]
    public void back_dated_commands_cannot_leave_a_day_without_exactly_one_lead(string scenario)
    {
        var state = Attempted(Scenario(scenario));

        AssertOneLeadEveryDay(state);
    }

    // ---------------------------------------------------------------- the fold

    [Fact]
    public void folding_an_event_the_team_does_not_know_fails_loudly()
    {
        var state = Given(Created);

        var thrown = Assert.Throws<UnknownEventException>(() => Team.Evolve(state, new SomethingElseHappened()));

        Assert.Contains(nameof(SomethingElseHappened), thrown.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(Team), thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_stream_that_does_not_start_with_a_creation_cannot_be_folded()
    {
        Assert.Throws<UnknownEventException>(() => Given(AdaLeads));
    }

    [Fact]
    public void a_team_cannot_be_created_twice_in_its_stream()
    {
        Assert.Throws<UnknownEventException>(() => Given(Created, Created));
    }

    [Theory]
    [InlineData(nameof(MemberRoleChanged))]
    [InlineData(nameof(MemberLeft))]
    [InlineData(nameof(LeadHandedOver))]
    public void an_event_about_someone_who_is_not_an_active_member_cannot_be_folded(string kind)
    {
        object @event = kind switch
        {
            nameof(MemberRoleChanged) => new MemberRoleChanged(Cyd, TeamRole.Engineer, null, Today),
            nameof(MemberLeft) => new MemberLeft(Cyd, Today, null),
            nameof(LeadHandedOver) => new LeadHandedOver(Ada, Cyd, TeamRole.Clinician, null, Today),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };

        Assert.Throws<UnknownEventException>(() => Given(Created, AdaLeads, BobBiologist, @event));
    }

    [Fact]
    public void folding_no_events_gives_no_team()
    {
        Assert.Null(Given());
    }

    [Fact]
    public void every_event_the_decider_records_belongs_to_a_team_stream()
    {
        object[] events =
        [
            Created,
            new TeamRenamed("x"),
            new TeamFocusChanged([]),
            AdaLeads,
            new MemberRoleChanged(Bob, TeamRole.Engineer, null, Today),
            new LeadHandedOver(Ada, Bob, TeamRole.Clinician, null, Today),
            new MemberLeft(Bob, Today, null),
            new TeamArchived(null),
        ];

        Assert.True(EventSourced.IsStreamOf<Team>(events));
        Assert.Equal(events.Length, Team.EventTypes.Count);
        Assert.False(EventSourced.IsStreamOf<Team>([Created, new SomethingElseHappened()]));
    }

    // ---------------------------------------------------------------- given / when / then

    private Decision When(TeamCommand command, DateOnly? today = null) =>
        TeamDecider.Decide(State, command, today ?? Today);

    /// <summary>Decides each command in turn on the state the previous ones left, failing on any rejection.</summary>
    private static Team Decided(params TeamCommand[] commands)
    {
        Team? state = null;
        foreach (var command in commands)
        {
            var decision = TeamDecider.Decide(state, command, Today).WithIdentity(TeamId);
            Assert.True(decision.IsAccepted, $"{command} was rejected: {decision.Rejection?.Code}");
            state = EventSourced.Fold(decision.Events, state);
        }

        Assert.NotNull(state);
        return state;
    }

    /// <summary>Decides each command in turn, folding the accepted ones and ignoring the refused ones.</summary>
    private static Team Attempted(TeamCommand[] commands)
    {
        Team? state = null;
        foreach (var command in commands)
        {
            var decision = TeamDecider.Decide(state, command, Today).WithIdentity(TeamId);
            state = EventSourced.Fold(decision.Events, state);
        }

        Assert.NotNull(state);
        return state;
    }

    private static void AssertOneLeadEveryDay(Team state)
    {
        for (var day = new DateOnly(2023, 1, 1); day <= Today; day = day.AddDays(1))
        {
            var roster = state.RosterOn(day).ToArray();
            Assert.True(
                roster.Length == 0 || roster.Count(m => m.Role == TeamRole.Lead) == 1,
                $"On {day:yyyy-MM-dd} the roster is '{Describe(roster)}'.");
        }
    }

    private static TeamCommand[] Scenario(string name)
    {
        var handedOn = new DateOnly(2024, 5, 1);
        TeamCommand[] adaThenBob =
        [
            Create(),
            new AddMember(Ada, TeamRole.Lead, null, AdaJoined),
            new AddMember(Bob, TeamRole.Biologist, null, BobJoined),
        ];
        return name switch
        {
            "hand_over_then_former_lead_leaves" =>
                [.. adaThenBob, new HandLead(Bob, TeamRole.Clinician, null, handedOn), new RecordMemberLeft(Ada, new DateOnly(2024, 6, 1), null)],
            "lead_tries_to_leave_before_the_others" =>
            [
                .. adaThenBob,
                new RecordMemberLeft(Ada, new DateOnly(2024, 3, 1), null),
                new RecordMemberLeft(Bob, new DateOnly(2024, 4, 1), null),
                new RecordMemberLeft(Ada, new DateOnly(2024, 5, 1), null),
            ],
            "second_lead_refused" =>
                [Create(), new AddMember(Ada, TeamRole.Lead, null, AdaJoined), new AddMember(Bob, TeamRole.Lead, null, BobJoined)],
            "lone_lead_leaves_then_a_new_lead_from_that_day" =>
            [
                Create(),
                new AddMember(Ada, TeamRole.Lead, null, AdaJoined),
                new RecordMemberLeft(Ada, new DateOnly(2024, 6, 1), null),
                new AddMember(Bob, TeamRole.Lead, null, new DateOnly(2024, 6, 1)),
            ],
            "rejoin_after_leaving" =>
            [
                .. adaThenBob,
                new RecordMemberLeft(Bob, new DateOnly(2024, 3, 1), null),
                new AddMember(Bob, TeamRole.Engineer, null, new DateOnly(2024, 4, 1)),
                new HandLead(Bob, TeamRole.Clinician, null, new DateOnly(2024, 5, 1)),
            ],
            "former_lead_leaves_before_the_hand_over" =>
                [.. adaThenBob, new HandLead(Bob, TeamRole.Clinician, null, handedOn), new RecordMemberLeft(Ada, new DateOnly(2024, 4, 1), null)],
            "new_lead_leaves_before_taking_the_lead" =>
            [
                .. adaThenBob,
                new HandLead(Bob, TeamRole.Clinician, null, handedOn),
                new RecordMemberLeft(Ada, new DateOnly(2024, 6, 1), null),
                new RecordMemberLeft(Bob, new DateOnly(2024, 3, 1), null),
            ],
            "new_lead_dated_before_the_lone_lead_left" =>
            [
                Create(),
                new AddMember(Ada, TeamRole.Lead, null, AdaJoined),
                new RecordMemberLeft(Ada, new DateOnly(2024, 6, 1), null),
                new AddMember(Bob, TeamRole.Lead, null, new DateOnly(2024, 3, 1)),
            ],
            "member_dated_before_the_lead_joined" =>
                [Create(), new AddMember(Ada, TeamRole.Lead, null, AdaJoined), new AddMember(Bob, TeamRole.Biologist, null, new DateOnly(2023, 6, 1))],
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }

    /// <summary>
    /// Record equality compares an <see cref="IReadOnlyList{T}"/> property by reference, so the focus areas are
    /// compared as sequences and then set aside before comparing the rest of the record.
    /// </summary>
    protected override void AssertSameEvent(object expected, object actual)
    {
        Assert.IsType(expected.GetType(), actual);
        switch (expected, actual)
        {
            case (TeamCreated e, TeamCreated a):
                Assert.Equal(e.FocusAreas, a.FocusAreas);
                Assert.Equal(e with { FocusAreas = NoFocus }, a with { FocusAreas = NoFocus });
                break;
            case (TeamFocusChanged e, TeamFocusChanged a):
                Assert.Equal(e.FocusAreas, a.FocusAreas);
                break;
            default:
                Assert.Equal(expected, actual);
                break;
        }
    }

    private static readonly string[] NoFocus = [];

    /// <summary>A membership field by field, its role periods as a sequence (records compare lists by reference).</summary>
    private static void AssertMembership(
        Membership? actual,
        Guid personId,
        TeamRole role,
        string? label,
        DateOnly joinedOn,
        DateOnly? leftOn,
        params RolePeriod[] roles)
    {
        Assert.NotNull(actual);
        Assert.Equal(personId, actual.PersonId);
        Assert.Equal(role, actual.Role);
        Assert.Equal(label, actual.RoleLabel);
        Assert.Equal(joinedOn, actual.JoinedOn);
        Assert.Equal(leftOn, actual.LeftOn);
        Assert.Equal(roles, actual.Roles);
    }

    /// <summary>"Ada:Lead Bob:Other(Lab manager)": who, in which role, in roster order.</summary>
    private static string Describe(IEnumerable<Membership> roster) =>
        string.Join(' ', roster.Select(m => $"{NameOf(m.PersonId)}:{m.Role}{(m.RoleLabel is null ? "" : $"({m.RoleLabel})")}"));

    private static string NameOf(Guid personId) =>
        personId == Ada ? "Ada" : personId == Bob ? "Bob" : personId == Cyd ? "Cyd" : personId == Dan ? "Dan" : personId.ToString();

    private static Guid PersonNamed(string name) => name switch
    {
        "Ada" => Ada,
        "Bob" => Bob,
        "Cyd" => Cyd,
        "Dan" => Dan,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static DateOnly Date(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static CreateTeam Create() => new(Created.OrganisationId, Created.Name, Created.FocusAreas);

    /// <summary>
    /// A history in which <see cref="CommandNamed"/>(<paramref name="command"/>) is accepted with events: the team with
    /// Ada as lead and Bob as biologist, or without members when the command is to archive it.
    /// </summary>
    private static object[] HistoryAccepting(string command) =>
        command == nameof(ArchiveTeam) ? [Created] : [Created, AdaLeads, BobBiologist];

    /// <summary>One valid command of each kind other than creation.</summary>
    private static TeamCommand CommandNamed(string name) => name switch
    {
        nameof(RenameTeam) => new RenameTeam("Leukemia multi-omics"),
        nameof(ChangeTeamFocus) => new ChangeTeamFocus(["MDS"]),
        nameof(ArchiveTeam) => new ArchiveTeam(null),
        nameof(AddMember) => new AddMember(Cyd, TeamRole.Engineer, null, Today),
        nameof(ChangeMemberRole) => new ChangeMemberRole(Bob, TeamRole.Bioinformatician, null, Today),
        nameof(RecordMemberLeft) => new RecordMemberLeft(Bob, Today, null),
        nameof(HandLead) => new HandLead(Bob, TeamRole.Clinician, null, Today),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private sealed record SomethingElseHappened;

    private sealed record SomeFutureCommand : TeamCommand;
}
