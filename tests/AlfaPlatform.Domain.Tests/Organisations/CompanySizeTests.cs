using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;

namespace AlfaPlatform.Domain.Tests.Organisations;

/// <summary>A partner company's size category: required for partner companies, refused for every other kind, changed by its own event.</summary>
public sealed class CompanySizeTests : DeciderSpec<Organisation>
{
    private static readonly DateOnly Today = new(2025, 6, 15);

    private static readonly OrganisationRegistered Partner = new(
        Guid.Empty, "Acme Biotech", "ACME", OrganisationKind.PartnerCompany, "Lyon", "FR", [], "https://acme.example", CompanySize.Sme);

    /// <summary>A partner company as stored before sizes were recorded: the event has no size at all.</summary>
    private static readonly OrganisationRegistered PartnerWithoutSize = Partner with { Size = null };

    private static readonly OrganisationRegistered Team = new(
        Guid.Empty, "Centre de Recherche", "CRT", OrganisationKind.ResearchTeam, "Paris", "FR", [], null);

    [Theory]
    [InlineData(CompanySize.Sme)]
    [InlineData(CompanySize.MidSize)]
    [InlineData(CompanySize.LargeGroup)]
    public void a_partner_company_is_registered_with_its_size(CompanySize size)
    {
        Given();

        var decision = When(new RegisterOrganisation("Acme Biotech", "ACME", OrganisationKind.PartnerCompany, "Lyon", "FR", [], null, size));

        var registered = Assert.IsType<OrganisationRegistered>(Assert.Single(decision.Events));
        Assert.Equal(size, registered.Size);
        Assert.Equal(size, EventSourced.Fold(decision.Events, State)!.Size);
    }

    [Fact]
    public void a_partner_company_without_a_size_is_refused()
    {
        Given();

        var decision = When(new RegisterOrganisation("Acme Biotech", "ACME", OrganisationKind.PartnerCompany, null, "FR", [], null));

        ThenRejected(decision, RejectionKind.Conflict, "size_required");
    }

    [Theory]
    [InlineData(OrganisationKind.Institute)]
    [InlineData(OrganisationKind.CooperativeGroup)]
    [InlineData(OrganisationKind.ResearchTeam)]
    [InlineData(OrganisationKind.RndPlatform)]
    public void other_kinds_have_no_size(OrganisationKind kind)
    {
        Given();

        var withSize = When(new RegisterOrganisation("Some organisation", "SOME", kind, null, "FR", [], null, CompanySize.LargeGroup));
        var withoutSize = When(new RegisterOrganisation("Some organisation", "SOME", kind, null, "FR", [], null));

        ThenRejected(withSize, RejectionKind.Conflict, "size_not_applicable");
        Assert.Null(Assert.IsType<OrganisationRegistered>(Assert.Single(withoutSize.Events)).Size);
    }

    [Fact]
    public void staff_change_a_partner_companys_size_with_a_reason()
    {
        Given(Partner);

        var decision = When(new ChangeCompanySize(CompanySize.MidSize, "  Acquired Foo SAS, now 600 staff "));

        ThenEvents(decision, new CompanySizeChanged(CompanySize.MidSize, "Acquired Foo SAS, now 600 staff"));
        Assert.Equal(CompanySize.MidSize, EventSourced.Fold(decision.Events, State)!.Size);
    }

    [Fact]
    public void changing_to_the_size_it_has_changes_nothing()
    {
        Given(Partner);

        ThenAcceptedWithoutEvents(When(new ChangeCompanySize(CompanySize.Sme, null)));
    }

    [Fact]
    public void the_size_of_another_kind_cannot_be_set()
    {
        Given(Team);

        ThenRejected(When(new ChangeCompanySize(CompanySize.Sme, null)), RejectionKind.Conflict, "size_not_applicable");
    }

    [Fact]
    public void an_archived_partner_companys_size_cannot_change()
    {
        Given(Partner, new OrganisationArchived("closed"));

        ThenRejected(When(new ChangeCompanySize(CompanySize.LargeGroup, null)), RejectionKind.Conflict, "archived");
    }

    [Fact]
    public void an_unknown_organisations_size_cannot_change()
    {
        Given();

        ThenRejected(When(new ChangeCompanySize(CompanySize.LargeGroup, null)), RejectionKind.NotFound, "not_found");
    }

    [Fact]
    public void a_partner_company_stored_before_sizes_folds_without_one_and_gets_one_by_a_change()
    {
        var state = Given(PartnerWithoutSize);

        Assert.NotNull(state);
        Assert.Null(state.Size);
        ThenEvents(When(new ChangeCompanySize(CompanySize.LargeGroup, "recorded")), new CompanySizeChanged(CompanySize.LargeGroup, "recorded"));
    }

    [Fact]
    public void a_partner_company_without_a_size_joins_the_network_only_once_its_size_is_recorded()
    {
        Given(PartnerWithoutSize);
        var refused = When(new RecordJoinedNetwork(Today));

        Given(PartnerWithoutSize, new CompanySizeChanged(CompanySize.Sme, null));
        var accepted = When(new RecordJoinedNetwork(Today));

        ThenRejected(refused, RejectionKind.Conflict, "size_required");
        ThenEvents(accepted, new OrganisationJoinedNetwork(Today));
    }

    [Fact]
    public void a_profile_update_keeps_the_size()
    {
        var state = Given(Partner, new OrganisationProfileUpdated("Acme Biotech SA", "ACME", "Lyon", "FR", [], null));

        Assert.Equal(CompanySize.Sme, state!.Size);
    }

    private Decision When(OrganisationCommand command) => OrganisationDecider.Decide(State, command, Today);
}
