using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;

namespace AlfaPlatform.Server.People.Contracts;

/// <summary>A person as other features may know them: the name to show, their organisation, whether active. No contact data.</summary>
public sealed record PersonEntry(Guid Id, string DisplayName, Guid? PrimaryAffiliation, bool IsActive)
{
    public static PersonEntry From(Person person) => new(person.Id, person.DisplayName, person.PrimaryAffiliation, person.IsActive);
}

/// <summary>How to reach a person: their email in the directory and the account linked to them. For mail only.</summary>
public sealed record PersonContact(Guid Id, string Email, Guid? AccountId, bool IsActive);

/// <summary>The people's part of the directory other features read instead of the people's records: today, or as of the end of a day.</summary>
public interface IPeopleDirectory
{
    Task<PersonEntry?> FindAsync(Guid personId, CancellationToken cancellationToken);

    /// <summary>The people among <paramref name="ids"/> that exist (today, or as of <paramref name="asOf"/>), by id.</summary>
    Task<IReadOnlyDictionary<Guid, PersonEntry>> FindManyAsync(IEnumerable<Guid> ids, DateOnly? asOf, CancellationToken cancellationToken);

    /// <summary>The contacts of the people among <paramref name="ids"/> that exist (today).</summary>
    Task<IReadOnlyList<PersonContact>> ContactsAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken);

    /// <summary>The people among <paramref name="ids"/> that exist (today), as a roster file names them, by id.</summary>
    Task<IReadOnlyDictionary<Guid, RosterPerson>> RosterPeopleAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken);

    /// <summary>The person (whatever became of them) linked to <paramref name="accountId"/>, or null.</summary>
    Task<Guid?> LinkedToAccountAsync(Guid accountId, CancellationToken cancellationToken);

    /// <summary>The active people whose email is among <paramref name="emails"/>, by email.</summary>
    Task<IReadOnlyDictionary<string, Guid>> ActiveByEmailAsync(IEnumerable<string> emails, CancellationToken cancellationToken);
}

/// <summary>A person as a team's roster file names them (export and import); an erased person has no email or name left.</summary>
public sealed record RosterPerson(Guid Id, string Email, string GivenName, string FamilyName, bool IsErased);

public sealed class PeopleDirectory(IQuerySession session) : IPeopleDirectory
{
    public async Task<PersonEntry?> FindAsync(Guid personId, CancellationToken cancellationToken) =>
        await session.LoadAsync<StreamRecord<Person>>(personId, cancellationToken) is { State: var person } ? PersonEntry.From(person) : null;

    public async Task<IReadOnlyDictionary<Guid, PersonEntry>> FindManyAsync(IEnumerable<Guid> ids, DateOnly? asOf, CancellationToken cancellationToken)
    {
        var distinct = ids.Distinct().ToArray();
        if (distinct.Length == 0)
        {
            return new Dictionary<Guid, PersonEntry>();
        }

        var records = asOf is { } day
            ? await StreamHistory.AsOfAsync<Person>(session, distinct, day, cancellationToken)
            : await session.LoadManyAsync<StreamRecord<Person>>(cancellationToken, distinct);
        return records.ToDictionary(r => r.Id, r => PersonEntry.From(r.State));
    }

    public async Task<IReadOnlyList<PersonContact>> ContactsAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken) =>
        [.. (await session.LoadManyAsync<StreamRecord<Person>>(cancellationToken, ids.Distinct()))
            .Select(p => new PersonContact(p.Id, p.State.Email, p.State.AccountId, p.State.IsActive))];

    public async Task<IReadOnlyDictionary<Guid, RosterPerson>> RosterPeopleAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken) =>
        (await session.LoadManyAsync<StreamRecord<Person>>(cancellationToken, ids.Distinct()))
            .ToDictionary(p => p.Id, p => new RosterPerson(p.Id, p.State.Email, p.State.GivenName, p.State.FamilyName, p.State.IsErased));

    public async Task<IReadOnlyDictionary<string, Guid>> ActiveByEmailAsync(IEnumerable<string> emails, CancellationToken cancellationToken)
    {
        var wanted = emails.Distinct().ToArray();
        return (await session.Query<StreamRecord<Person>>()
                .Where(p => p.State.IsActive && p.State.Email.IsOneOf(wanted))
                .ToListAsync(cancellationToken))
            .ToDictionary(p => p.State.Email, p => p.Id);
    }

    public async Task<Guid?> LinkedToAccountAsync(Guid accountId, CancellationToken cancellationToken) =>
        await session.Query<StreamRecord<Person>>().Where(p => p.State.AccountId == accountId).Select(p => p.Id).FirstOrDefaultAsync(cancellationToken)
            is var person && person != Guid.Empty ? person : null;
}
