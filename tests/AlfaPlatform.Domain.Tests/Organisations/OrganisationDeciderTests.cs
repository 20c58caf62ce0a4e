using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;

namespace AlfaPlatform.Domain.Tests.Organisations;

/// <summary>
/// The rules of an organisation's life, given–when–then: the history as events, one command, then the events
/// it produces or the reason it is refused. Pure: no grain, no store, no clock (today is passed in).
/// </summary>
public sealed class OrganisationDeciderTests : DeciderSpec<Organisation>
{
    private static readonly DateOnly Today = new(2025, 6, 15);

    private static readonly Guid OrganisationId = new("6f1c2a4e-93b0-4d4e-8a55-0c6f4f1d2b7a");

    private static readonly OrganisationRegistered Registered = new(
        Guid.Empty,
        "Acute Leukemia French Association",
        "ALFA",
        OrganisationKind.CooperativeGroup,
        "Paris",
        "France",
        ["INSERM", "AP-HP"],
        "https://alfa.example.org");

    private static readonly OrganisationArchived Archived = new("Merged into another group");


    // ---------------------------------------------------------------- registration

    [Fact]
    public void registering_an_organisation_records_it_with_trimmed_fields()
    {
        Given();

        var decision = When(new RegisterOrganisation(
            "  Acute Leukemia French Association ",
            " ALFA\t",
            OrganisationKind.CooperativeGroup,
            " Paris ",
            "  France  ",
            [" INSERM", "AP-HP "],
            " https://alfa.example.org "));

        ThenEvents(decision, new OrganisationRegistered(
            Guid.Empty,
            "Acute Leukemia French Association",
            "ALFA",
            OrganisationKind.CooperativeGroup,
            "Paris",
            "France",
            ["INSERM", "AP-HP"],
            "https://alfa.example.org"));
    }

    [Fact]
    public void registering_an_organisation_without_a_city_or_website_leaves_them_empty()
    {
        Given();

        var decision = When(new RegisterOrganisation(
            "Opale Carnot Institute", "OPALE", OrganisationKind.Institute, null, "France", [], null));

        ThenEvents(decision, new OrganisationRegistered(
            Guid.Empty, "Opale Carnot Institute", "OPALE", OrganisationKind.Institute, null, "France", [], null));
    }

    [Fact]
    public void registering_an_organisation_twice_is_a_conflict()
    {
        Given(Registered);

        var decision = When(Register());

        ThenRejected(decision, RejectionKind.Conflict, "already_registered");
    }

    [Fact]
    public void an_archived_organisation_cannot_be_registered_again()
    {
        Given(Registered, Archived);

        var decision = When(Register());

        ThenRejected(decision, RejectionKind.Conflict, "already_registered");
    }

    [Theory]
    [InlineData(nameof(UpdateOrganisationProfile))]
    [InlineData(nameof(DeclareCapabilities))]
    [InlineData(nameof(WithdrawCapability))]
    [InlineData(nameof(RecordJoinedNetwork))]
    [InlineData(nameof(RecordLeftNetwork))]
    [InlineData(nameof(ArchiveOrganisation))]
    public void any_other_command_on_an_unknown_organisation_is_not_found(string command)
    {
        Given();

        var decision = When(CommandNamed(command));

        ThenRejected(decision, RejectionKind.NotFound, "not_found");
    }

    [Fact]
    public void a_registered_organisation_starts_with_its_profile_and_nothing_else()
    {
        var state = Given(Registered with { OrganisationId = OrganisationId });

        Assert.NotNull(state);
        Assert.Equal(OrganisationId, state.Id);
        Assert.Equal("Acute Leukemia French Association", state.Name);
        Assert.Equal("ALFA", state.Acronym);
        Assert.Equal(OrganisationKind.CooperativeGroup, state.Kind);
        Assert.Equal("Paris", state.City);
        Assert.Equal("France", state.Country);
        Assert.Equal(["INSERM", "AP-HP"], state.Affiliations);
        Assert.Equal("https://alfa.example.org", state.Website);
        Assert.Empty(state.Capabilities);
        Assert.Empty(state.NetworkPeriods);
        Assert.False(state.IsNetworkMember);
        Assert.False(state.IsArchived);
    }

    [Fact]
    public void an_unknown_command_on_a_registered_organisation_is_a_programming_error()
    {
        Given(Registered);

        Assert.Throws<ArgumentOutOfRangeException>(() => When(new SomeFutureCommand()));
    }

    // ---------------------------------------------------------------- identity

    [Fact]
    public void with_identity_fills_in_the_organisation_id_of_the_registration()
    {
        Given();

        var decision = When(Register()).WithIdentity(OrganisationId);

        ThenEvents(decision, Registered with { OrganisationId = OrganisationId });
    }

    [Fact]
    public void with_identity_leaves_events_other_than_the_registration_unchanged()
    {
        var decision = Decision.Accept(
            new CapabilityDeclared(Capability.ClinicalTrials),
            Registered,
            new OrganisationJoinedNetwork(Today));

        var identified = decision.WithIdentity(OrganisationId);

        ThenEvents(
            identified,
            new CapabilityDeclared(Capability.ClinicalTrials),
            Registered with { OrganisationId = OrganisationId },
            new OrganisationJoinedNetwork(Today));
    }

    [Fact]
    public void with_identity_keeps_a_rejection()
    {
        Given(Registered);
        var rejected = When(Register());

        var identified = rejected.WithIdentity(OrganisationId);

        Assert.False(identified.IsAccepted);
        Assert.Equal(rejected.Rejection, identified.Rejection);
        Assert.Empty(identified.Events);
    }

    // ---------------------------------------------------------------- profile

    [Fact]
    public void updating_the_profile_records_the_new_profile_trimmed()
    {
        Given(Registered);

        var decision = When(new UpdateOrganisationProfile(
            " Acute Leukemia French Alliance ",
            " ALFA2 ",
            " Lyon ",
            " France ",
            ["INSERM ", " CNRS"],
            " https://alfa2.example.org"));

        ThenEvents(decision, new OrganisationProfileUpdated(
            "Acute Leukemia French Alliance",
            "ALFA2",
            "Lyon",
            "France",
            ["INSERM", "CNRS"],
            "https://alfa2.example.org"));
    }

    [Theory]
    [InlineData("Name")]
    [InlineData("Acronym")]
    [InlineData("City")]
    [InlineData("NoCity")]
    [InlineData("Country")]
    [InlineData("Affiliations")]
    [InlineData("AffiliationsReordered")]
    [InlineData("Website")]
    [InlineData("NoWebsite")]
    public void changing_any_one_profile_field_records_a_profile_update(string field)
    {
        Given(Registered);
        var unchanged = UpdateFrom(Registered);
        var update = field switch
        {
            "Name" => unchanged with { Name = "Another name" },
            "Acronym" => unchanged with { Acronym = "ALFA-2" },
            "City" => unchanged with { City = "Lyon" },
            "NoCity" => unchanged with { City = null },
            "Country" => unchanged with { Country = "Belgium" },
            "Affiliations" => unchanged with { Affiliations = ["INSERM"] },
            "AffiliationsReordered" => unchanged with { Affiliations = ["AP-HP", "INSERM"] },
            "Website" => unchanged with { Website = "https://other.example.org" },
            "NoWebsite" => unchanged with { Website = null },
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
        };

        var decision = When(update);

        ThenEvents(decision, new OrganisationProfileUpdated(
            update.Name, update.Acronym, update.City, update.Country, update.Affiliations, update.Website));
    }

    [Fact]
    public void updating_the_profile_with_what_it_already_says_is_accepted_without_events()
    {
        Given(Registered);

        var decision = When(new UpdateOrganisationProfile(
            " Acute Leukemia French Association ",
            "ALFA ",
            " Paris",
            "France ",
            new List<string> { "INSERM", "AP-HP" },
            "https://alfa.example.org"));

        ThenAcceptedWithoutEvents(decision);
    }

    [Fact]
    public void a_profile_update_replaces_the_profile_and_keeps_the_kind_capabilities_and_membership()
    {
        var state = Given(
            Registered with { OrganisationId = OrganisationId },
            new CapabilityDeclared(Capability.ClinicalTrials),
            new OrganisationJoinedNetwork(Today.AddYears(-2)),
            new OrganisationProfileUpdated("New name", "NEW", null, "Belgium", ["CNRS"], null));

        Assert.NotNull(state);
        Assert.Equal(OrganisationId, state.Id);
        Assert.Equal("New name", state.Name);
        Assert.Equal("NEW", state.Acronym);
        Assert.Null(state.City);
        Assert.Equal("Belgium", state.Country);
        Assert.Equal(["CNRS"], state.Affiliations);
        Assert.Null(state.Website);
        Assert.Equal(OrganisationKind.CooperativeGroup, state.Kind);
        Assert.Equal([Capability.ClinicalTrials], state.Capabilities);
        Assert.Equal([new NetworkPeriod(Today.AddYears(-2), null)], state.NetworkPeriods);
        Assert.False(state.IsArchived);
    }

    // ---------------------------------------------------------------- capabilities

    [Fact]
    public void declaring_capabilities_records_only_those_not_yet_declared()
    {
        Given(Registered, new CapabilityDeclared(Capability.MolecularProfiling));

        var decision = When(new DeclareCapabilities(
            [Capability.ClinicalTrials, Capability.MolecularProfiling, Capability.Diagnostics]));

        ThenEvents(
            decision,
            new CapabilityDeclared(Capability.ClinicalTrials),
            new CapabilityDeclared(Capability.Diagnostics));
    }

    [Fact]
    public void a_capability_named_twice_in_one_command_is_declared_once()
    {
        Given(Registered);

        var decision = When(new DeclareCapabilities(
            [Capability.ClinicalTrials, Capability.CellAndGeneTherapy, Capability.ClinicalTrials]));

        ThenEvents(
            decision,
            new CapabilityDeclared(Capability.ClinicalTrials),
            new CapabilityDeclared(Capability.CellAndGeneTherapy));
    }

    [Fact]
    public void declaring_capabilities_already_declared_is_accepted_without_events()
    {
        Given(
            Registered,
            new CapabilityDeclared(Capability.ClinicalTrials),
            new CapabilityDeclared(Capability.Diagnostics));

        var decision = When(new DeclareCapabilities([Capability.Diagnostics, Capability.ClinicalTrials]));

        ThenAcceptedWithoutEvents(decision);
    }

    [Fact]
    public void declaring_no_capabilities_is_accepted_without_events()
    {
        Given(Registered);

        var decision = When(new DeclareCapabilities([]));

        ThenAcceptedWithoutEvents(decision);
    }

    [Fact]
    public void a_withdrawn_capability_can_be_declared_again()
    {
        Given(
            Registered,
            new CapabilityDeclared(Capability.ClinicalTrials),
            new CapabilityWithdrawn(Capability.ClinicalTrials, null));

        var decision = When(new DeclareCapabilities([Capability.ClinicalTrials]));

        ThenEvents(decision, new CapabilityDeclared(Capability.ClinicalTrials));
    }

    [Fact]
    public void declared_capabilities_are_listed_in_the_order_they_were_declared()
    {
        var state = Given(
            Registered,
            new CapabilityDeclared(Capability.TargetDiscovery),
            new CapabilityDeclared(Capability.ClinicalTrials),
            new CapabilityDeclared(Capability.Diagnostics));

        Assert.NotNull(state);
        Assert.Equal([Capability.TargetDiscovery, Capability.ClinicalTrials, Capability.Diagnostics], state.Capabilities);
    }

    [Theory]
    [InlineData("No longer funded")]
    [InlineData(null)]
    public void withdrawing_a_declared_capability_records_it_with_the_reason(string? reason)
    {
        Given(Registered, new CapabilityDeclared(Capability.ClinicalTrials));

        var decision = When(new WithdrawCapability(Capability.ClinicalTrials, reason));

        ThenEvents(decision, new CapabilityWithdrawn(Capability.ClinicalTrials, reason));
    }

    [Fact]
    public void withdrawing_a_capability_removes_only_that_one()
    {
        var state = Given(
            Registered,
            new CapabilityDeclared(Capability.TargetDiscovery),
            new CapabilityDeclared(Capability.ClinicalTrials),
            new CapabilityDeclared(Capability.Diagnostics),
            new CapabilityWithdrawn(Capability.ClinicalTrials, "No longer funded"));

        Assert.NotNull(state);
        Assert.Equal([Capability.TargetDiscovery, Capability.Diagnostics], state.Capabilities);
    }

    [Fact]
    public void withdrawing_a_capability_that_was_never_declared_is_a_conflict()
    {
        Given(Registered, new CapabilityDeclared(Capability.Diagnostics));

        var decision = When(new WithdrawCapability(Capability.ClinicalTrials, "Never offered"));

        ThenRejected(decision, RejectionKind.Conflict, "capability_not_declared");
    }

    [Fact]
    public void withdrawing_a_capability_twice_is_a_conflict()
    {
        Given(
            Registered,
            new CapabilityDeclared(Capability.ClinicalTrials),
            new CapabilityWithdrawn(Capability.ClinicalTrials, null));

        var decision = When(new WithdrawCapability(Capability.ClinicalTrials, null));

        ThenRejected(decision, RejectionKind.Conflict, "capability_not_declared");
    }

    // ---------------------------------------------------------------- joining the network

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-3650)]
    public void an_organisation_can_join_the_network_today_or_in_the_past(int daysFromToday)
    {
        Given(Registered);
        var on = Today.AddDays(daysFromToday);

        var decision = When(new RecordJoinedNetwork(on));

        ThenEvents(decision, new OrganisationJoinedNetwork(on));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(365)]
    public void an_organisation_cannot_join_the_network_on_a_future_date(int daysFromToday)
    {
        Given(Registered);

        var decision = When(new RecordJoinedNetwork(Today.AddDays(daysFromToday)));

        ThenRejected(decision, RejectionKind.Conflict, "date_in_future");
    }

    [Fact]
    public void what_is_in_the_future_depends_on_the_day_the_command_is_decided()
    {
        Given(Registered);
        var on = Today.AddDays(10);

        var decision = When(new RecordJoinedNetwork(on), today: on);

        ThenEvents(decision, new OrganisationJoinedNetwork(on));
    }

    [Fact]
    public void a_member_cannot_join_the_network_again()
    {
        Given(Registered, new OrganisationJoinedNetwork(Today.AddYears(-1)));

        var decision = When(new RecordJoinedNetwork(Today));

        ThenRejected(decision, RejectionKind.Conflict, "already_member");
    }

    [Fact]
    public void an_organisation_cannot_rejoin_before_it_last_left()
    {
        var leftOn = Today.AddMonths(-1);
        Given(
            Registered,
            new OrganisationJoinedNetwork(Today.AddYears(-2)),
            new OrganisationLeftNetwork(leftOn, null));

        var decision = When(new RecordJoinedNetwork(leftOn.AddDays(-1)));

        ThenRejected(decision, RejectionKind.Conflict, "join_before_last_leave");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(20)]
    public void an_organisation_can_rejoin_on_or_after_the_day_it_last_left(int daysAfterLeaving)
    {
        var joinedOn = Today.AddYears(-2);
        var leftOn = Today.AddMonths(-1);
        Given(
            Registered,
            new OrganisationJoinedNetwork(joinedOn),
            new OrganisationLeftNetwork(leftOn, "Reorganisation"));
        var rejoinedOn = leftOn.AddDays(daysAfterLeaving);

        var decision = When(new RecordJoinedNetwork(rejoinedOn));

        ThenEvents(decision, new OrganisationJoinedNetwork(rejoinedOn));
        var state = EventSourced.Fold(decision.Events, State);
        Assert.NotNull(state);
        Assert.Equal([new NetworkPeriod(joinedOn, leftOn), new NetworkPeriod(rejoinedOn, null)], state.NetworkPeriods);
        Assert.True(state.IsNetworkMember);
    }

    [Fact]
    public void joining_the_network_opens_a_period_of_membership()
    {
        var joinedOn = Today.AddYears(-1);

        var state = Given(Registered, new OrganisationJoinedNetwork(joinedOn));

        Assert.NotNull(state);
        Assert.Equal([new NetworkPeriod(joinedOn, null)], state.NetworkPeriods);
        Assert.True(state.IsNetworkMember);
    }

    // ---------------------------------------------------------------- leaving the network

    [Fact]
    public void an_organisation_that_never_joined_cannot_leave()
    {
        Given(Registered);

        var decision = When(new RecordLeftNetwork(Today, null));

        ThenRejected(decision, RejectionKind.Conflict, "not_a_member");
    }

    [Fact]
    public void an_organisation_that_already_left_cannot_leave_again()
    {
        Given(
            Registered,
            new OrganisationJoinedNetwork(Today.AddYears(-2)),
            new OrganisationLeftNetwork(Today.AddYears(-1), null));

        var decision = When(new RecordLeftNetwork(Today, null));

        ThenRejected(decision, RejectionKind.Conflict, "not_a_member");
    }

    [Fact]
    public void an_organisation_cannot_leave_before_it_joined()
    {
        var joinedOn = Today.AddMonths(-6);
        Given(Registered, new OrganisationJoinedNetwork(joinedOn));

        var decision = When(new RecordLeftNetwork(joinedOn.AddDays(-1), null));

        ThenRejected(decision, RejectionKind.Conflict, "leave_before_join");
    }

    [Fact]
    public void an_organisation_cannot_leave_before_it_rejoined()
    {
        var rejoinedOn = Today.AddMonths(-1);
        Given(
            Registered,
            new OrganisationJoinedNetwork(Today.AddYears(-3)),
            new OrganisationLeftNetwork(Today.AddYears(-2), null),
            new OrganisationJoinedNetwork(rejoinedOn));

        var decision = When(new RecordLeftNetwork(rejoinedOn.AddDays(-1), null));

        ThenRejected(decision, RejectionKind.Conflict, "leave_before_join");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(365)]
    public void an_organisation_cannot_leave_the_network_on_a_future_date(int daysFromToday)
    {
        Given(Registered, new OrganisationJoinedNetwork(Today.AddYears(-1)));

        var decision = When(new RecordLeftNetwork(Today.AddDays(daysFromToday), null));

        ThenRejected(decision, RejectionKind.Conflict, "date_in_future");
    }

    [Theory]
    [InlineData(0, "Left to found a new group")]
    [InlineData(100, null)]
    [InlineData(365, "Reorganisation")]
    public void a_member_leaving_on_or_after_the_day_it_joined_is_recorded_and_closes_its_period(
        int daysAfterJoining, string? reason)
    {
        var joinedOn = Today.AddYears(-1);
        Given(Registered, new OrganisationJoinedNetwork(joinedOn));
        var leftOn = joinedOn.AddDays(daysAfterJoining);

        var decision = When(new RecordLeftNetwork(leftOn, reason));

        ThenEvents(decision, new OrganisationLeftNetwork(leftOn, reason));
        var state = EventSourced.Fold(decision.Events, State);
        Assert.NotNull(state);
        Assert.Equal([new NetworkPeriod(joinedOn, leftOn)], state.NetworkPeriods);
        Assert.False(state.IsNetworkMember);
    }

    [Fact]
    public void leaving_closes_only_the_latest_period()
    {
        var state = Given(
            Registered,
            new OrganisationJoinedNetwork(new DateOnly(2019, 1, 1)),
            new OrganisationLeftNetwork(new DateOnly(2020, 1, 1), null),
            new OrganisationJoinedNetwork(new DateOnly(2021, 1, 1)),
            new OrganisationLeftNetwork(new DateOnly(2022, 1, 1), null));

        Assert.NotNull(state);
        Assert.Equal(
            [
                new NetworkPeriod(new DateOnly(2019, 1, 1), new DateOnly(2020, 1, 1)),
                new NetworkPeriod(new DateOnly(2021, 1, 1), new DateOnly(2022, 1, 1)),
            ],
            state.NetworkPeriods);
        Assert.False(state.IsNetworkMember);
    }

    // ---------------------------------------------------------------- archiving

    [Theory]
    [InlineData("Merged into another group")]
    [InlineData(null)]
    public void archiving_an_organisation_records_it_with_the_reason(string? reason)
    {
        Given(Registered);

        var decision = When(new ArchiveOrganisation(reason));

        ThenEvents(decision, new OrganisationArchived(reason));
    }

    [Fact]
    public void an_archived_organisation_is_marked_archived_and_keeps_its_history()
    {
        var state = Given(
            Registered,
            new CapabilityDeclared(Capability.ClinicalTrials),
            new OrganisationJoinedNetwork(Today.AddYears(-1)),
            Archived);

        Assert.NotNull(state);
        Assert.True(state.IsArchived);
        Assert.Equal("ALFA", state.Acronym);
        Assert.Equal([Capability.ClinicalTrials], state.Capabilities);
        Assert.Equal([new NetworkPeriod(Today.AddYears(-1), null)], state.NetworkPeriods);
    }

    [Theory]
    [InlineData(nameof(UpdateOrganisationProfile))]
    [InlineData(nameof(DeclareCapabilities))]
    [InlineData(nameof(WithdrawCapability))]
    [InlineData(nameof(RecordJoinedNetwork))]
    [InlineData(nameof(RecordLeftNetwork))]
    [InlineData(nameof(ArchiveOrganisation))]
    public void an_archived_organisation_can_no_longer_change(string command)
    {
        Given([.. HistoryAccepting(command), Archived]);

        var decision = When(CommandNamed(command));

        ThenRejected(decision, RejectionKind.Conflict, "archived");
    }

    [Theory]
    [InlineData(nameof(UpdateOrganisationProfile))]
    [InlineData(nameof(DeclareCapabilities))]
    [InlineData(nameof(WithdrawCapability))]
    [InlineData(nameof(RecordJoinedNetwork))]
    [InlineData(nameof(RecordLeftNetwork))]
    [InlineData(nameof(ArchiveOrganisation))]
    public void the_same_commands_are_accepted_before_archiving(string command)
    {
        // Guards the test above: the rejection comes from the archive, not from the command itself.
        Given(HistoryAccepting(command));

        var decision = When(CommandNamed(command));

        Assert.True(decision.IsAccepted, decision.Rejection?.Code);
        Assert.NotEmpty(decision.Events);
    }

    // ---------------------------------------------------------------- unique keys

    [Fact]
    public void an_active_organisation_holds_its_acronym()
    {
        var state = Given(Registered);

        var keys = UniqueKeysOf(state);

        Assert.Equal([new UniqueKey("organisation acronym", "ALFA")], keys);
    }

    [Fact]
    public void an_organisation_holds_its_new_acronym_after_a_profile_update()
    {
        var state = Given(
            Registered,
            new OrganisationProfileUpdated("New name", "NEW", null, "France", [], null));

        var keys = UniqueKeysOf(state);

        Assert.Equal([new UniqueKey("organisation acronym", "NEW")], keys);
    }

    [Fact]
    public void an_archived_organisation_holds_no_acronym()
    {
        var state = Given(Registered, Archived);

        Assert.Empty(UniqueKeysOf(state));
    }

    [Fact]
    public void an_organisation_that_does_not_exist_holds_no_acronym()
    {
        Assert.Empty(UniqueKeysOf(null));
    }

    [Theory]
    [InlineData("alfa ", "ALFA")]
    [InlineData("  Alfa", "aLFa  ")]
    [InlineData("ALFA", "ALFA")]
    public void acronyms_that_differ_only_in_case_or_surrounding_spaces_are_the_same_key(string one, string other)
    {
        var first = new UniqueKey("organisation acronym", one);
        var second = new UniqueKey("organisation acronym", other);

        Assert.Equal(first.Normalised, second.Normalised);
        Assert.Equal("organisation acronym:ALFA", first.Normalised);
    }

    [Theory]
    [InlineData("organisation acronym", "ALFA", "organisation acronym", "FILO")]
    [InlineData("organisation acronym", "AL FA", "organisation acronym", "ALFA")]
    [InlineData("organisation acronym", "ALFA", "project acronym", "ALFA")]
    public void different_acronyms_or_scopes_are_different_keys(
        string scope, string value, string otherScope, string otherValue)
    {
        var first = new UniqueKey(scope, value);
        var second = new UniqueKey(otherScope, otherValue);

        Assert.NotEqual(first.Normalised, second.Normalised);
    }

    // ---------------------------------------------------------------- the fold

    [Fact]
    public void folding_an_event_the_organisation_does_not_know_fails_loudly()
    {
        var state = Given(Registered);

        var thrown = Assert.Throws<UnknownEventException>(() => Organisation.Evolve(state, new SomethingElseHappened()));

        Assert.Contains(nameof(SomethingElseHappened), thrown.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(Organisation), thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_stream_that_does_not_start_with_a_registration_cannot_be_folded()
    {
        Assert.Throws<UnknownEventException>(() => Given(new CapabilityDeclared(Capability.ClinicalTrials)));
    }

    [Fact]
    public void an_organisation_cannot_be_registered_twice_in_its_stream()
    {
        Assert.Throws<UnknownEventException>(() => Given(Registered, Registered));
    }

    [Fact]
    public void folding_no_events_gives_no_organisation()
    {
        Assert.Null(Given());
    }

    // ---------------------------------------------------------------- given / when / then

    private Decision When(OrganisationCommand command, DateOnly? today = null) =>
        OrganisationDecider.Decide(State, command, today ?? Today);

    /// <summary>
    /// Record equality compares an <see cref="IReadOnlyList{T}"/> property by reference, so the affiliations are
    /// compared as sequences and then set aside before comparing the rest of the record.
    /// </summary>
    protected override void AssertSameEvent(object expected, object actual)
    {
        Assert.IsType(expected.GetType(), actual);
        switch (expected, actual)
        {
            case (OrganisationRegistered e, OrganisationRegistered a):
                Assert.Equal(e.Affiliations, a.Affiliations);
                Assert.Equal(e with { Affiliations = NoAffiliations }, a with { Affiliations = NoAffiliations });
                break;
            case (OrganisationProfileUpdated e, OrganisationProfileUpdated a):
                Assert.Equal(e.Affiliations, a.Affiliations);
                Assert.Equal(e with { Affiliations = NoAffiliations }, a with { Affiliations = NoAffiliations });
                break;
            default:
                Assert.Equal(expected, actual);
                break;
        }
    }

    private static readonly string[] NoAffiliations = [];

    private static RegisterOrganisation Register() => new(
        Registered.Name,
        Registered.Acronym,
        Registered.Kind,
        Registered.City,
        Registered.Country,
        Registered.Affiliations,
        Registered.Website);

    private static UpdateOrganisationProfile UpdateFrom(OrganisationRegistered registered) => new(
        registered.Name,
        registered.Acronym,
        registered.City,
        registered.Country,
        registered.Affiliations,
        registered.Website);

    /// <summary>
    /// A history in which <see cref="CommandNamed"/>(<paramref name="command"/>) is accepted with events: registered,
    /// declaring <see cref="Capability.ClinicalTrials"/>, and a member of the network unless the command is to join it.
    /// </summary>
    private static object[] HistoryAccepting(string command) =>
        command == nameof(RecordJoinedNetwork)
            ? [Registered, new CapabilityDeclared(Capability.ClinicalTrials)]
            : [Registered, new CapabilityDeclared(Capability.ClinicalTrials), new OrganisationJoinedNetwork(Today.AddYears(-1))];

    /// <summary>One valid command of each kind other than registration.</summary>
    private static OrganisationCommand CommandNamed(string name) => name switch
    {
        nameof(UpdateOrganisationProfile) => UpdateFrom(Registered) with { Name = "Another name" },
        nameof(DeclareCapabilities) => new DeclareCapabilities([Capability.Diagnostics]),
        nameof(WithdrawCapability) => new WithdrawCapability(Capability.ClinicalTrials, null),
        nameof(RecordJoinedNetwork) => new RecordJoinedNetwork(Today),
        nameof(RecordLeftNetwork) => new RecordLeftNetwork(Today, null),
        nameof(ArchiveOrganisation) => new ArchiveOrganisation(null),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private sealed record SomethingElseHappened;

    private sealed record SomeFutureCommand : OrganisationCommand;
}
