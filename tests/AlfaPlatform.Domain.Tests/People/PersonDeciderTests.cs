using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.People;

namespace AlfaPlatform.Domain.Tests.People;

/// <summary>
/// The rules of a person's record, given–when–then: the history as events, one command, then the events it
/// produces or the reason it is refused. Pure: no grain, no store.
/// </summary>
public sealed class PersonDeciderTests : DeciderSpec<Person>
{
    private static readonly Guid PersonId = new("3b2f6a0c-7d1e-4c9a-b8f5-2e4d6c8a0b13");

    private static readonly Guid AffiliationId = new("6f1c2a4e-93b0-4d4e-8a55-0c6f4f1d2b7a");

    private static readonly Guid AccountId = new("9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a");

    private static readonly Guid OtherAccountId = new("0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9");

    private const string ValidOrcid = "0000-0002-1825-0097";

    private static readonly PersonRegistered Registered = new(
        Guid.Empty,
        "Ada",
        "Lovelace",
        "ada.lovelace@example.org",
        ValidOrcid,
        "Dr",
        "+33 1 23 45 67 89",
        AffiliationId);

    private static readonly PersonDeactivated Deactivated = new("Left the network");


    // ---------------------------------------------------------------- registration

    [Fact]
    public void registering_a_person_trims_the_names_and_lower_cases_the_email()
    {
        Given();

        var decision = When(new RegisterPerson(
            "  Ada ",
            "\tLovelace  ",
            "  Ada.Lovelace@Example.ORG ",
            ValidOrcid,
            " Dr ",
            " +33 1 23 45 67 89 ",
            AffiliationId));

        ThenEvents(decision, Registered);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void a_blank_title_or_phone_is_recorded_as_none(string? blank)
    {
        Given();

        var decision = When(Register() with { Title = blank, Phone = blank });

        ThenEvents(decision, Registered with { Title = null, Phone = null });
    }

    [Fact]
    public void a_person_can_be_registered_without_an_orcid_or_an_affiliation()
    {
        Given();

        var decision = When(Register() with { Orcid = null, PrimaryAffiliation = null });

        ThenEvents(decision, Registered with { Orcid = null, PrimaryAffiliation = null });
    }

    [Theory]
    [InlineData("0000-0002-1694-233X")]
    [InlineData("0000-0001-5109-3700")]
    public void a_valid_orcid_is_recorded_as_given(string orcid)
    {
        Given();

        var decision = When(Register() with { Orcid = orcid });

        ThenEvents(decision, Registered with { Orcid = orcid });
    }

    [Theory]
    [InlineData("0000-0002-1825-0098")]
    [InlineData("0000000218250097")]
    [InlineData("0000-0002-1825-009")]
    [InlineData("0000-000A-1825-0097")]
    [InlineData("0000-0002-1694-233x")]
    [InlineData("")]
    public void registering_with_an_invalid_orcid_is_a_conflict(string orcid)
    {
        Given();

        var decision = When(Register() with { Orcid = orcid });

        ThenRejected(decision, RejectionKind.Conflict, "invalid_orcid");
    }

    /// <summary>Guards a fixed bug: Orcid.IsValid threw on an extra dash, so the decider threw instead of refusing.</summary>
    [Theory]
    [InlineData("0000-0002-1825-009-")]
    [InlineData("-------------------")]
    public void an_orcid_with_an_extra_dash_is_an_invalid_orcid_not_a_crash(string orcid)
    {
        Given();

        var decision = When(Register() with { Orcid = orcid });

        ThenRejected(decision, RejectionKind.Conflict, "invalid_orcid");
    }

    [Fact]
    public void registering_a_person_twice_is_a_conflict()
    {
        Given(Registered);

        var decision = When(Register());

        ThenRejected(decision, RejectionKind.Conflict, "already_registered");
    }

    [Fact]
    public void a_deactivated_person_cannot_be_registered_again()
    {
        Given(Registered, Deactivated);

        var decision = When(Register());

        ThenRejected(decision, RejectionKind.Conflict, "already_registered");
    }

    [Fact]
    public void registering_again_is_already_registered_even_with_an_invalid_orcid()
    {
        Given(Registered);

        var decision = When(Register() with { Orcid = "not an orcid" });

        ThenRejected(decision, RejectionKind.Conflict, "already_registered");
    }

    [Theory]
    [InlineData(nameof(UpdatePersonProfile))]
    [InlineData(nameof(DeactivatePerson))]
    [InlineData(nameof(LinkPersonToAccount))]
    public void any_other_command_on_an_unknown_person_is_not_found(string command)
    {
        Given();

        var decision = When(CommandNamed(command));

        ThenRejected(decision, RejectionKind.NotFound, "not_found");
    }

    [Fact]
    public void a_registered_person_is_active_with_their_profile_and_no_account()
    {
        var state = Given(Registered with { PersonId = PersonId });

        Assert.NotNull(state);
        Assert.Equal(PersonId, state.Id);
        Assert.Equal("Ada", state.GivenName);
        Assert.Equal("Lovelace", state.FamilyName);
        Assert.Equal("Ada Lovelace", state.DisplayName);
        Assert.Equal("ada.lovelace@example.org", state.Email);
        Assert.Equal(ValidOrcid, state.Orcid);
        Assert.Equal("Dr", state.Title);
        Assert.Equal("+33 1 23 45 67 89", state.Phone);
        Assert.Equal(AffiliationId, state.PrimaryAffiliation);
        Assert.Null(state.AccountId);
        Assert.True(state.IsActive);
    }

    [Fact]
    public void an_unknown_command_on_a_registered_person_is_a_programming_error()
    {
        Given(Registered);

        Assert.Throws<ArgumentOutOfRangeException>(() => When(new SomeFutureCommand()));
    }

    // ---------------------------------------------------------------- identity

    [Fact]
    public void with_identity_fills_in_the_person_id_of_the_registration()
    {
        Given();

        var decision = When(Register()).WithIdentity(PersonId);

        ThenEvents(decision, Registered with { PersonId = PersonId });
    }

    [Fact]
    public void with_identity_leaves_events_other_than_the_registration_unchanged()
    {
        var decision = Decision.Accept(new PersonLinkedToAccount(AccountId), Registered, Deactivated);

        var identified = decision.WithIdentity(PersonId);

        ThenEvents(identified, new PersonLinkedToAccount(AccountId), Registered with { PersonId = PersonId }, Deactivated);
    }

    [Fact]
    public void with_identity_keeps_a_rejection()
    {
        Given(Registered);
        var rejected = When(Register());

        var identified = rejected.WithIdentity(PersonId);

        Assert.False(identified.IsAccepted);
        Assert.Equal(rejected.Rejection, identified.Rejection);
        Assert.Empty(identified.Events);
    }

    // ---------------------------------------------------------------- profile

    [Fact]
    public void updating_the_profile_records_it_trimmed_with_the_email_lower_cased()
    {
        Given(Registered);

        var decision = When(new UpdatePersonProfile(
            " Augusta Ada ",
            " King ",
            " Ada.King@Example.ORG",
            "0000-0002-1694-233X",
            "  ",
            " +44 20 7946 0000 ",
            null));

        ThenEvents(decision, new PersonProfileUpdated(
            "Augusta Ada", "King", "ada.king@example.org", "0000-0002-1694-233X", null, "+44 20 7946 0000", null));
    }

    [Theory]
    [InlineData("GivenName")]
    [InlineData("FamilyName")]
    [InlineData("Email")]
    [InlineData("Orcid")]
    [InlineData("NoOrcid")]
    [InlineData("Title")]
    [InlineData("NoTitle")]
    [InlineData("Phone")]
    [InlineData("NoPhone")]
    [InlineData("Affiliation")]
    [InlineData("NoAffiliation")]
    public void changing_any_one_profile_field_records_a_profile_update(string field)
    {
        Given(Registered);
        var unchanged = UpdateFrom(Registered);
        var update = field switch
        {
            "GivenName" => unchanged with { GivenName = "Augusta" },
            "FamilyName" => unchanged with { FamilyName = "King" },
            "Email" => unchanged with { Email = "ada.king@example.org" },
            "Orcid" => unchanged with { Orcid = "0000-0001-5109-3700" },
            "NoOrcid" => unchanged with { Orcid = null },
            "Title" => unchanged with { Title = "Prof" },
            "NoTitle" => unchanged with { Title = null },
            "Phone" => unchanged with { Phone = "+44 20 7946 0000" },
            "NoPhone" => unchanged with { Phone = null },
            "Affiliation" => unchanged with { PrimaryAffiliation = Guid.Parse("11111111-2222-4333-8444-555555555555") },
            "NoAffiliation" => unchanged with { PrimaryAffiliation = null },
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
        };

        var decision = When(update);

        ThenEvents(decision, new PersonProfileUpdated(
            update.GivenName, update.FamilyName, update.Email, update.Orcid, update.Title, update.Phone, update.PrimaryAffiliation));
    }

    [Fact]
    public void updating_the_profile_with_what_it_already_says_is_accepted_without_events()
    {
        Given(Registered);

        var decision = When(new UpdatePersonProfile(
            " Ada",
            "Lovelace ",
            " ADA.Lovelace@example.org ",
            ValidOrcid,
            " Dr",
            "+33 1 23 45 67 89 ",
            AffiliationId));

        ThenAcceptedWithoutEvents(decision);
    }

    [Fact]
    public void updating_a_profile_without_title_or_phone_with_blanks_is_accepted_without_events()
    {
        Given(Registered with { Title = null, Phone = null });

        var decision = When(UpdateFrom(Registered) with { Title = "", Phone = "  " });

        ThenAcceptedWithoutEvents(decision);
    }

    [Theory]
    [InlineData("0000-0002-1825-0098")]
    [InlineData("orcid")]
    [InlineData("")]
    public void updating_the_profile_with_an_invalid_orcid_is_a_conflict(string orcid)
    {
        Given(Registered);

        var decision = When(UpdateFrom(Registered) with { Orcid = orcid });

        ThenRejected(decision, RejectionKind.Conflict, "invalid_orcid");
    }

    [Fact]
    public void a_profile_update_replaces_the_profile_and_keeps_the_account_and_activity()
    {
        var state = Given(
            Registered with { PersonId = PersonId },
            new PersonLinkedToAccount(AccountId),
            new PersonProfileUpdated("Augusta Ada", "King", "ada.king@example.org", null, "Countess", null, null));

        Assert.NotNull(state);
        Assert.Equal(PersonId, state.Id);
        Assert.Equal("Augusta Ada", state.GivenName);
        Assert.Equal("King", state.FamilyName);
        Assert.Equal("Augusta Ada King", state.DisplayName);
        Assert.Equal("ada.king@example.org", state.Email);
        Assert.Null(state.Orcid);
        Assert.Equal("Countess", state.Title);
        Assert.Null(state.Phone);
        Assert.Null(state.PrimaryAffiliation);
        Assert.Equal(AccountId, state.AccountId);
        Assert.True(state.IsActive);
    }

    // ---------------------------------------------------------------- deactivation

    [Theory]
    [InlineData("Left the network")]
    [InlineData(null)]
    public void deactivating_a_person_records_it_with_the_reason(string? reason)
    {
        Given(Registered);

        var decision = When(new DeactivatePerson(reason));

        ThenEvents(decision, new PersonDeactivated(reason));
    }

    [Fact]
    public void a_deactivated_person_is_inactive_and_keeps_their_record()
    {
        var state = Given(Registered, new PersonLinkedToAccount(AccountId), Deactivated);

        Assert.NotNull(state);
        Assert.False(state.IsActive);
        Assert.Equal("Ada Lovelace", state.DisplayName);
        Assert.Equal("ada.lovelace@example.org", state.Email);
        Assert.Equal(AccountId, state.AccountId);
    }

    [Theory]
    [InlineData(nameof(UpdatePersonProfile))]
    [InlineData(nameof(DeactivatePerson))]
    [InlineData(nameof(LinkPersonToAccount))]
    public void a_deactivated_person_can_no_longer_change(string command)
    {
        Given(Registered, Deactivated);

        var decision = When(CommandNamed(command));

        ThenRejected(decision, RejectionKind.Conflict, "inactive");
    }

    [Theory]
    [InlineData(nameof(UpdatePersonProfile))]
    [InlineData(nameof(DeactivatePerson))]
    [InlineData(nameof(LinkPersonToAccount))]
    public void the_same_commands_are_accepted_before_deactivation(string command)
    {
        // Guards the test above: the rejection comes from the deactivation, not from the command itself.
        Given(Registered);

        var decision = When(CommandNamed(command));

        Assert.True(decision.IsAccepted, decision.Rejection?.Code);
        Assert.NotEmpty(decision.Events);
    }

    [Fact]
    public void a_deactivated_person_is_inactive_even_for_a_command_that_would_change_nothing()
    {
        Given(Registered, new PersonLinkedToAccount(AccountId), Deactivated);

        ThenRejected(When(new LinkPersonToAccount(AccountId)), RejectionKind.Conflict, "inactive");
        ThenRejected(When(UpdateFrom(Registered)), RejectionKind.Conflict, "inactive");
    }

    // ---------------------------------------------------------------- account link

    [Fact]
    public void linking_a_person_to_an_account_records_the_account()
    {
        Given(Registered);

        var decision = When(new LinkPersonToAccount(AccountId));

        ThenEvents(decision, new PersonLinkedToAccount(AccountId));
        var state = EventSourced.Fold(decision.Events, State);
        Assert.Equal(AccountId, state?.AccountId);
    }

    [Fact]
    public void linking_to_the_account_already_linked_is_accepted_without_events()
    {
        Given(Registered, new PersonLinkedToAccount(AccountId));

        var decision = When(new LinkPersonToAccount(AccountId));

        ThenAcceptedWithoutEvents(decision);
    }

    [Fact]
    public void linking_to_another_account_records_the_new_account()
    {
        Given(Registered, new PersonLinkedToAccount(AccountId));

        var decision = When(new LinkPersonToAccount(OtherAccountId));

        ThenEvents(decision, new PersonLinkedToAccount(OtherAccountId));
        var state = EventSourced.Fold(decision.Events, State);
        Assert.Equal(OtherAccountId, state?.AccountId);
    }

    // ---------------------------------------------------------------- unique keys

    [Fact]
    public void an_active_person_holds_their_email()
    {
        var state = Given(Registered);

        var keys = UniqueKeysOf(state);

        Assert.Equal([new UniqueKey("person email", "ada.lovelace@example.org")], keys);
    }

    [Fact]
    public void a_person_holds_their_new_email_after_a_profile_update()
    {
        var state = Given(
            Registered,
            new PersonProfileUpdated("Ada", "King", "ada.king@example.org", null, null, null, null));

        var keys = UniqueKeysOf(state);

        Assert.Equal([new UniqueKey("person email", "ada.king@example.org")], keys);
    }

    [Fact]
    public void a_deactivated_person_holds_no_email()
    {
        var state = Given(Registered, Deactivated);

        Assert.Empty(UniqueKeysOf(state));
    }

    [Fact]
    public void a_person_who_does_not_exist_holds_no_email()
    {
        Assert.Empty(UniqueKeysOf(null));
    }

    [Theory]
    [InlineData("ada.lovelace@example.org", "ADA.LOVELACE@EXAMPLE.ORG")]
    [InlineData(" Ada.Lovelace@Example.org", "ada.lovelace@example.org  ")]
    [InlineData("ada.lovelace@example.org", "ada.lovelace@example.org")]
    public void people_registered_with_emails_differing_only_in_case_or_spaces_hold_the_same_key(string one, string other)
    {
        var first = UniqueKeysOf(RegisteredWithEmail(one)).Single();
        var second = UniqueKeysOf(RegisteredWithEmail(other)).Single();

        Assert.Equal(first, second);
        Assert.Equal(first.Normalised, second.Normalised);
        Assert.Equal("person email:ADA.LOVELACE@EXAMPLE.ORG", first.Normalised);
    }

    [Theory]
    [InlineData("person email", "ada.lovelace@example.org", "person email", "ada.king@example.org")]
    [InlineData("person email", "ada.lovelace@example.org", "organisation acronym", "ada.lovelace@example.org")]
    public void different_emails_or_scopes_are_different_keys(string scope, string value, string otherScope, string otherValue)
    {
        Assert.NotEqual(new UniqueKey(scope, value).Normalised, new UniqueKey(otherScope, otherValue).Normalised);
    }

    [Theory]
    [InlineData("Ada.Lovelace@Example.ORG", "ada.lovelace@example.org")]
    [InlineData("  ada@example.org\t", "ada@example.org")]
    [InlineData("ada@example.org", "ada@example.org")]
    public void an_email_is_normalised_trimmed_and_lower_cased(string email, string expected)
    {
        Assert.Equal(expected, PersonDecider.Normalise(email));
    }

    // ---------------------------------------------------------------- the fold

    [Fact]
    public void folding_an_event_the_person_does_not_know_fails_loudly()
    {
        var state = Given(Registered);

        var thrown = Assert.Throws<UnknownEventException>(() => Person.Evolve(state, new SomethingElseHappened()));

        Assert.Contains(nameof(SomethingElseHappened), thrown.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(Person), thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_stream_that_does_not_start_with_a_registration_cannot_be_folded()
    {
        Assert.Throws<UnknownEventException>(() => Given(new PersonLinkedToAccount(AccountId)));
    }

    [Fact]
    public void a_person_cannot_be_registered_twice_in_their_stream()
    {
        Assert.Throws<UnknownEventException>(() => Given(Registered, Registered));
    }

    [Fact]
    public void folding_no_events_gives_no_person()
    {
        Assert.Null(Given());
    }

    [Fact]
    public void every_event_the_decider_records_belongs_to_a_person_stream()
    {
        object[] events =
        [
            Registered,
            new PersonProfileUpdated("Ada", "King", "ada.king@example.org", null, null, null, null),
            new PersonLinkedToAccount(AccountId),
            Deactivated,
            new PersonErased(),
        ];

        Assert.True(EventSourced.IsStreamOf<Person>(events));
        Assert.Equal(events.Length, Person.EventTypes.Count);
        Assert.False(EventSourced.IsStreamOf<Person>([Registered, new SomethingElseHappened()]));
    }


    // ---------------------------------------------------------------- given / when / then

    private Decision When(PersonCommand command) => PersonDecider.Decide(State, command);

    /// <summary>A person registered through the decider with <paramref name="email"/>, as the grain would.</summary>
    private static Person RegisteredWithEmail(string email)
    {
        var decision = PersonDecider.Decide(null, Register() with { Email = email }).WithIdentity(PersonId);
        Assert.True(decision.IsAccepted, decision.Rejection?.Code);
        var state = EventSourced.Fold<Person>(decision.Events);
        Assert.NotNull(state);
        return state;
    }

    private static RegisterPerson Register() => new(
        Registered.GivenName,
        Registered.FamilyName,
        Registered.Email,
        Registered.Orcid,
        Registered.Title,
        Registered.Phone,
        Registered.PrimaryAffiliation);

    private static UpdatePersonProfile UpdateFrom(PersonRegistered registered) => new(
        registered.GivenName,
        registered.FamilyName,
        registered.Email,
        registered.Orcid,
        registered.Title,
        registered.Phone,
        registered.PrimaryAffiliation);

    /// <summary>One valid command of each kind other than registration, each changing something.</summary>
    private static PersonCommand CommandNamed(string name) => name switch
    {
        nameof(UpdatePersonProfile) => UpdateFrom(Registered) with { FamilyName = "King" },
        nameof(DeactivatePerson) => new DeactivatePerson(null),
        nameof(LinkPersonToAccount) => new LinkPersonToAccount(OtherAccountId),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private sealed record SomethingElseHappened;

    private sealed record SomeFutureCommand : PersonCommand;
}
