using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Domain.People;

namespace AlfaPlatform.Domain.Tests.People;

/// <summary>
/// What erasure leaves of the events of other records that name a person (ADR 0008): the registration or the message
/// itself, with its ids, times and roles, by "erased person"; and only the erased person's events are chosen.
/// </summary>
public sealed class ErasedElsewhereTests
{
    private static readonly Guid Erased = new("5d0e3f7a-1b2c-4d8e-9f60-7a1b2c3d4e5f");
    private static readonly Guid Other = new("6f1c2a4e-93b0-4d4e-8a55-0c6f4f1d2b7a");
    private static readonly Guid Organisation = new("9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a");

    [Fact]
    public void a_masked_registration_keeps_the_registrant_id_organisation_and_arrival_by_erased_person()
    {
        var registrant = new Registrant(RegistrantKind.Person, Erased, "Grace Hopper", Organisation, IsNetworkMember: true);
        var erasedRegistrant = registrant with { Name = PersonalData.ErasedName };

        Assert.Equal(new RegistrantRegistered(erasedRegistrant, 3, ByStaff: false), RegistrantNames.Masked(new RegistrantRegistered(registrant, 3, false)));
        Assert.Equal(new RegistrantWaitlisted(erasedRegistrant, 4, ByStaff: true), RegistrantNames.Masked(new RegistrantWaitlisted(registrant, 4, true)));
        Assert.Equal(new RegistrationRequested(erasedRegistrant, 5, ByStaff: false), RegistrantNames.Masked(new RegistrationRequested(registrant, 5, false)));
    }

    [Fact]
    public void only_the_erased_registrants_registrations_are_chosen_for_masking()
    {
        var theirs = new RegistrantRegistered(new Registrant(RegistrantKind.Person, Erased, "Grace Hopper", null, true), 1, false);
        var someoneElses = new RegistrantRegistered(new Registrant(RegistrantKind.Account, Other, "Ada Lovelace", null, false), 2, false);

        Assert.True(RegistrantNames.Names(theirs, [Erased]));
        Assert.False(RegistrantNames.Names(someoneElses, [Erased]));
        Assert.False(RegistrantNames.Names(new RegistrationCancelled(Erased, "ill"), [Erased]));
    }

    [Fact]
    public void a_masked_message_keeps_its_text_account_role_and_team_and_only_the_authors_are_chosen()
    {
        var posted = new MessagePosted(Other, "We can start in March.", new MessageAuthor(Erased.ToString(), "Grace Hopper", "member", Organisation), true);

        Assert.Equal(posted with { Author = posted.Author with { Name = PersonalData.ErasedName } }, AuthorNames.Masked(posted));
        Assert.True(AuthorNames.Names(posted, Erased.ToString()));
        Assert.False(AuthorNames.Names(posted, Other.ToString()));
        Assert.False(AuthorNames.Names(new RequestSubmitted(), Erased.ToString()));
    }
}
