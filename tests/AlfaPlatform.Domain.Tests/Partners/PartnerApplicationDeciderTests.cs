using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.Partners;

namespace AlfaPlatform.Domain.Tests.Partners;

/// <summary>A partner application, given–when–then: submitted once, pending, then approved or rejected once.</summary>
public sealed class PartnerApplicationDeciderTests : DeciderSpec<PartnerApplication>
{
    private static readonly Guid ApplicationId = new("0b5c3f7e-2a41-4f0e-9d55-6c1e2a9b7f10");
    private static readonly Guid OrganisationId = new("a3e1c2d4-5b6f-4a7e-8c9d-0e1f2a3b4c5d");
    private static readonly Guid AccountId = new("f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9");

    private static readonly PartnerApplicationSubmitted Submitted = new(
        ApplicationId, "Acme Biotech", "FR", CompanySize.Sme, "https://acme.example", "Dr Jeanne Martin", "jeanne.martin@acme.example",
        "MRD monitoring for our phase II trial");

    [Fact]
    public void applying_records_the_application_with_trimmed_fields_and_it_is_pending()
    {
        Given();

        var decision = PartnerApplicationDecider.WithIdentity(
            When(new SubmitPartnerApplication(
                "  Acme Biotech ", " FR", CompanySize.Sme, " https://acme.example ", " Dr Jeanne Martin ", " jeanne.martin@acme.example ",
                " MRD monitoring for our phase II trial\n")),
            ApplicationId);

        ThenEvents(decision, Submitted);
        var state = EventSourced.Fold(decision.Events, State)!;
        Assert.Equal(ApplicationStatus.Pending, state.Status);
        Assert.Equal(ApplicationId, state.Id);
        Assert.Null(state.OrganisationId);
    }

    [Fact]
    public void an_application_without_a_website_has_none()
    {
        Given();

        var decision = When(new SubmitPartnerApplication("Acme", "DE", CompanySize.LargeGroup, null, "Jo", "jo@acme.example", "cohorts"));

        Assert.Null(Assert.IsType<PartnerApplicationSubmitted>(Assert.Single(decision.Events)).Website);
    }

    [Fact]
    public void an_application_cannot_be_submitted_twice_in_its_stream()
    {
        Given(Submitted);

        ThenRejected(When(new SubmitPartnerApplication("Acme", "FR", CompanySize.Sme, null, "Jo", "jo@acme.example", "x")), RejectionKind.Conflict, "already_submitted");
    }

    [Fact]
    public void staff_approve_a_pending_application_naming_its_organisation_and_account()
    {
        Given(Submitted);

        var decision = When(new ApprovePartnerApplication(OrganisationId, AccountId));

        ThenEvents(decision, new PartnerApplicationApproved(OrganisationId, AccountId));
        var state = EventSourced.Fold(decision.Events, State)!;
        Assert.Equal((ApplicationStatus.Approved, OrganisationId, AccountId), (state.Status, state.OrganisationId, state.AccountId));
    }

    [Fact]
    public void staff_reject_a_pending_application_with_a_reason()
    {
        Given(Submitted);

        var decision = When(new RejectPartnerApplication("  Not a life-sciences company. "));

        ThenEvents(decision, new PartnerApplicationRejected("Not a life-sciences company."));
        var state = EventSourced.Fold(decision.Events, State)!;
        Assert.Equal((ApplicationStatus.Rejected, "Not a life-sciences company."), (state.Status, state.RejectionReason));
    }

    public static TheoryData<string, string> DecidedTwice => new()
    {
        { "approved", "approve" }, { "approved", "reject" }, { "rejected", "approve" }, { "rejected", "reject" },
    };

    [Theory]
    [MemberData(nameof(DecidedTwice))]
    public void a_decided_application_cannot_be_decided_again(string decided, string then)
    {
        Given(Submitted, decided == "approved" ? new PartnerApplicationApproved(OrganisationId, AccountId) : new PartnerApplicationRejected("no"));

        var decision = When(then == "approve" ? new ApprovePartnerApplication(OrganisationId, AccountId) : new RejectPartnerApplication("again"));

        ThenRejected(decision, RejectionKind.Conflict, "already_decided");
        Assert.Contains(decided, decision.Rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void deciding_an_unknown_application_is_not_found()
    {
        Given();

        ThenRejected(When(new RejectPartnerApplication("no")), RejectionKind.NotFound, "not_found");
        ThenRejected(When(new ApprovePartnerApplication(OrganisationId, AccountId)), RejectionKind.NotFound, "not_found");
    }

    [Fact]
    public void a_pending_application_holds_its_company_name_and_a_decided_one_frees_it()
    {
        Assert.Equal([new UniqueKey(PartnerApplication.PendingScope, "Acme Biotech")], UniqueKeysOf(Given(Submitted)));
        Assert.Empty(UniqueKeysOf(Given(Submitted, new PartnerApplicationApproved(OrganisationId, AccountId))));
        Assert.Empty(UniqueKeysOf(Given(Submitted, new PartnerApplicationRejected("no"))));
        Assert.Empty(UniqueKeysOf(null));
    }

    [Fact]
    public void company_names_differing_only_in_case_or_surrounding_spaces_are_the_same_pending_application()
    {
        Assert.Equal(
            new UniqueKey(PartnerApplication.PendingScope, "acme biotech ").Normalised,
            Assert.Single(UniqueKeysOf(Given(Submitted))).Normalised);
    }

    [Fact]
    public void a_stream_deciding_twice_or_not_starting_with_a_submission_cannot_be_folded()
    {
        Assert.Throws<UnknownEventException>(() => Given(new PartnerApplicationRejected("no")));
        Assert.Throws<UnknownEventException>(() => Given(Submitted, new PartnerApplicationRejected("no"), new PartnerApplicationApproved(OrganisationId, AccountId)));
        Assert.Throws<UnknownEventException>(() => Given(Submitted, Submitted));
    }

    [Fact]
    public void a_decided_applications_contact_is_erased_once_and_a_pending_ones_waits_for_the_decision()
    {
        ThenRejected(When(new ErasePartnerContact()), RejectionKind.NotFound, "not_found");
        Given(Submitted);
        ThenRejected(When(new ErasePartnerContact()), RejectionKind.Conflict, "still_pending");

        Given(Submitted, new PartnerApplicationApproved(OrganisationId, AccountId));
        ThenEvents(When(new ErasePartnerContact()), new PartnerContactErased());

        var erased = Given(Submitted, new PartnerApplicationApproved(OrganisationId, AccountId), new PartnerContactErased())!;
        ThenAcceptedWithoutEvents(When(new ErasePartnerContact()));
        Assert.Equal(("", "", true, ApplicationStatus.Approved, AccountId, "Acme Biotech"),
            (erased.ContactName, erased.ContactEmail, erased.ContactErased, erased.Status, erased.AccountId, erased.CompanyName));
        ThenRejected(When(new RejectPartnerApplication("too late")), RejectionKind.Conflict, "already_decided");
    }

    [Fact]
    public void the_masked_submission_folds_to_the_erased_contact_and_keeps_the_company()
    {
        var masked = PartnerContactData.Masked(Submitted);

        Assert.Equal(Submitted with { ContactName = "", ContactEmail = "" }, masked);
        var live = Given(Submitted, new PartnerApplicationRejected("no"), new PartnerContactErased())!;
        var refolded = Given(masked, new PartnerApplicationRejected("no"), new PartnerContactErased())!;
        Assert.Equal(live, refolded);
    }

    private Decision When(PartnerApplicationCommand command) => PartnerApplicationDecider.Decide(State, command);
}
