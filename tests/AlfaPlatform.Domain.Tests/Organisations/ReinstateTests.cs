using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;

namespace AlfaPlatform.Domain.Tests.Organisations;

/// <summary>Reinstating an organisation archived by mistake: given its history, when reinstated, then what happens.</summary>
public sealed class ReinstateTests : DeciderSpec<Organisation>
{
    private static readonly DateOnly Today = new(2025, 6, 15);

    private static readonly OrganisationRegistered Registered = new(
        Guid.Empty, "Acute Leukemia French Association", "ALFA", OrganisationKind.CooperativeGroup, "Paris", "FR", ["INSERM"], null);

    private Decision When(OrganisationCommand command) => OrganisationDecider.Decide(State, command, Today);

    [Fact]
    public void an_archived_organisation_is_reinstated_with_the_trimmed_reason()
    {
        Given(Registered, new OrganisationArchived("Merged"));

        ThenEvents(When(new ReinstateOrganisation("  Archived by mistake ")), new OrganisationReinstated("Archived by mistake"));
    }

    [Fact]
    public void a_reinstated_organisation_is_active_holds_its_acronym_again_and_keeps_what_it_had()
    {
        var state = Given(
            Registered,
            new CapabilityDeclared(Capability.ClinicalTrials),
            new OrganisationJoinedNetwork(new DateOnly(2020, 1, 1)),
            new OrganisationArchived("Merged"),
            new OrganisationReinstated("Archived by mistake"))!;

        Assert.False(state.IsArchived);
        Assert.Equal([Capability.ClinicalTrials], state.Capabilities);
        Assert.True(state.IsNetworkMember);
        Assert.Equal([new UniqueKey("organisation acronym", "ALFA")], UniqueKeysOf(state));
    }

    [Fact]
    public void a_reinstated_organisation_accepts_changes_again()
    {
        Given(Registered, new OrganisationArchived("Merged"), new OrganisationReinstated(null));

        ThenEvents(When(new DeclareCapabilities([Capability.Diagnostics])), new CapabilityDeclared(Capability.Diagnostics));
    }

    [Fact]
    public void an_organisation_that_is_not_archived_cannot_be_reinstated()
    {
        Given(Registered);

        ThenRejected(When(new ReinstateOrganisation(null)), RejectionKind.Conflict, "not_archived");
    }

    [Fact]
    public void a_reinstated_organisation_cannot_be_reinstated_twice()
    {
        Given(Registered, new OrganisationArchived("Merged"), new OrganisationReinstated(null));

        ThenRejected(When(new ReinstateOrganisation(null)), RejectionKind.Conflict, "not_archived");
    }

    [Fact]
    public void an_unknown_organisation_cannot_be_reinstated()
    {
        Given();

        ThenRejected(When(new ReinstateOrganisation(null)), RejectionKind.NotFound, "not_found");
    }
}
