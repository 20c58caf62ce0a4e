using AlfaPlatform.Domain.Common;

namespace AlfaPlatform.Domain.People;

public static class PersonDecider
{
    public static Decision Decide(Person? state, PersonCommand command)
    {
        if (command is RegisterPerson register)
        {
            return state is not null
                ? Rejection.Conflict("already_registered", "This person is already registered.")
                : InvalidOrcid(register.Orcid) ?? Decision.Accept(new PersonRegistered(
                    Guid.Empty, register.GivenName.Trim(), register.FamilyName.Trim(), Normalise(register.Email),
                    register.Orcid, Trim(register.Title), Trim(register.Phone), register.PrimaryAffiliation));
        }

        if (state is null)
        {
            return Rejection.NotFound("The person");
        }

        if (state.IsErased)
        {
            return command is ErasePerson
                ? Decision.Accept()
                : Rejection.Conflict("erased", "The person's data has been erased: the record can no longer change.");
        }

        if (command is ErasePerson)
        {
            return Decision.Accept(new PersonErased()); // active or deactivated alike
        }

        if (!state.IsActive)
        {
            return Rejection.Conflict("inactive", $"{state.DisplayName} is deactivated and can no longer change.");
        }

        return command switch
        {
            UpdatePersonProfile update => InvalidOrcid(update.Orcid) ?? UpdateProfile(state, update),
            DeactivatePerson deactivate => Decision.Accept(new PersonDeactivated(deactivate.Reason)),
            LinkPersonToAccount link => state.AccountId == link.AccountId
                ? Decision.Accept()
                : Decision.Accept(new PersonLinkedToAccount(link.AccountId)),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown person command."),
        };
    }

    /// <summary>The grain fills in the id it owns; the decider never invents identities.</summary>
    public static Decision WithIdentity(this Decision decision, Guid personId) =>
        decision.IsAccepted
            ? Decision.Accept(decision.Events.Select(e => e is PersonRegistered registered ? registered with { PersonId = personId } : e))
            : decision;

    public static string Normalise(string email) => email.Trim().ToLowerInvariant();

    private static Decision UpdateProfile(Person state, UpdatePersonProfile c)
    {
        var updated = new PersonProfileUpdated(
            c.GivenName.Trim(), c.FamilyName.Trim(), Normalise(c.Email), c.Orcid, Trim(c.Title), Trim(c.Phone), c.PrimaryAffiliation);
        var unchanged = updated == new PersonProfileUpdated(
            state.GivenName, state.FamilyName, state.Email, state.Orcid, state.Title, state.Phone, state.PrimaryAffiliation);
        return unchanged ? Decision.Accept() : Decision.Accept(updated);
    }

    private static Rejection? InvalidOrcid(string? orcid) =>
        orcid is null || Orcid.IsValid(orcid) ? null : Rejection.Conflict("invalid_orcid", $"'{orcid}' is not a valid ORCID iD.");

    private static string? Trim(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
