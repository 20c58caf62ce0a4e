using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.People;

namespace AlfaPlatform.Domain.Tests.People;

/// <summary>
/// Erasing a person at their request, given–when–then: the history as events, the erase command, then the events it
/// produces or the reason it is refused; and what the state and the masked events keep of the person (nothing).
/// </summary>
public sealed class PersonErasureTests : DeciderSpec<Person>
{
    private static readonly Guid PersonId = new("5d0e3f7a-1b2c-4d8e-9f60-7a1b2c3d4e5f");

    private static readonly Guid AffiliationId = new("6f1c2a4e-93b0-4d4e-8a55-0c6f4f1d2b7a");

    private static readonly Guid AccountId = new("9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a");

    private static readonly PersonRegistered Registered = new(
        PersonId, "Grace", "Hopper", "grace.hopper@example.org", "0000-0002-1825-0097", "Dr", "+33 1 23 45 67 89", AffiliationId);

    private static readonly PersonProfileUpdated ProfileUpdated = new(
        "Grace", "Murray Hopper", "grace.murray@example.org", "0000-0002-1694-233X", "Prof", "+33 6 00 00 00 00", AffiliationId);

    private static readonly PersonDeactivated Deactivated = new("Grace retired to Arlington");

    private static readonly PersonLinkedToAccount Linked = new(AccountId);


    // ---------------------------------------------------------------- the command

    [Fact]
    public void erasing_an_active_person_records_that_their_data_is_erased()
    {
        Given(Registered, ProfileUpdated);

        var decision = When(new ErasePerson());

        ThenEvents(decision, new PersonErased());
    }

    [Fact]
    public void erasing_a_deactivated_person_is_allowed()
    {
        Given(Registered, Deactivated);

        var decision = When(new ErasePerson());

        ThenEvents(decision, new PersonErased());
    }

    [Fact]
    public void erasing_twice_changes_nothing()
    {
        Given(Registered, new PersonErased());

        var decision = When(new ErasePerson());

        Assert.True(decision.IsAccepted);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void erasing_someone_never_registered_is_not_found()
    {
        Given();

        var decision = When(new ErasePerson());

        ThenRejected(decision, RejectionKind.NotFound, "not_found");
    }

    [Theory]
    [InlineData(nameof(UpdatePersonProfile))]
    [InlineData(nameof(DeactivatePerson))]
    [InlineData(nameof(LinkPersonToAccount))]
    [InlineData(nameof(RegisterPerson))]
    public void an_erased_person_can_no_longer_change(string command)
    {
        Given(Registered, new PersonErased());

        var decision = When(command switch
        {
            nameof(UpdatePersonProfile) => new UpdatePersonProfile("Grace", "Hopper", "grace@example.org", null, null, null, null),
            nameof(DeactivatePerson) => new DeactivatePerson(null),
            nameof(LinkPersonToAccount) => new LinkPersonToAccount(Guid.NewGuid()),
            _ => new RegisterPerson("Grace", "Hopper", "grace@example.org", null, null, null, null),
        });

        ThenRejected(decision, RejectionKind.Conflict, command == nameof(RegisterPerson) ? "already_registered" : "erased");
    }

    // ---------------------------------------------------------------- the state

    [Fact]
    public void an_erased_person_keeps_their_structure_but_nothing_about_them()
    {
        var state = Given(Registered, ProfileUpdated, Linked, new PersonErased());

        Assert.NotNull(state);
        Assert.Equal(
            new Person(PersonId, "", "", "", null, null, null, AffiliationId, AccountId, IsActive: false) { IsErased = true },
            state);
        Assert.Equal("erased person", state.DisplayName);
    }

    [Fact]
    public void an_erased_person_frees_their_email()
    {
        var state = Given(Registered, new PersonErased());

        Assert.Empty(UniqueKeysOf(state));
    }

    [Fact]
    public void erased_is_one_of_the_person_events()
    {
        Assert.Contains(typeof(PersonErased), Person.EventTypes);
    }

    // ---------------------------------------------------------------- the masked events

    [Fact]
    public void masked_events_hold_none_of_the_persons_data()
    {
        Assert.Equal(new PersonRegistered(PersonId, "", "", "", null, null, null, AffiliationId), PersonalData.Masked(Registered));
        Assert.Equal(new PersonProfileUpdated("", "", "", null, null, null, AffiliationId), PersonalData.Masked(ProfileUpdated));
        Assert.Equal(new PersonDeactivated(null), PersonalData.Masked(Deactivated));
    }

    [Fact]
    public void the_masked_stream_folds_to_the_same_erased_person_as_the_original()
    {
        var original = EventSourced.Fold<Person>([Registered, ProfileUpdated, Linked, Deactivated, new PersonErased()]);
        var masked = EventSourced.Fold<Person>(
            [PersonalData.Masked(Registered), PersonalData.Masked(ProfileUpdated), Linked, PersonalData.Masked(Deactivated), new PersonErased()]);

        Assert.Equal(original, masked);
    }

    [Fact]
    public void an_erased_person_as_of_a_day_before_the_erasure_shows_as_erased_person()
    {
        var before = EventSourced.Fold<Person>([PersonalData.Masked(Registered), PersonalData.Masked(ProfileUpdated)]);

        Assert.NotNull(before);
        Assert.False(before.IsErased);
        Assert.Equal("erased person", before.DisplayName);
        Assert.Equal("", before.Email);
    }

    private Decision When(PersonCommand command) => PersonDecider.Decide(State, command);

}
