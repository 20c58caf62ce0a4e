using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Search.Contracts;
using Marten;

namespace AlfaPlatform.Server.People.Contracts;

/// <summary>People's search entries: name, title and current memberships (no email, phone or ORCID); none once erased.</summary>
public static class PersonSearch
{
    /// <summary>The entries of <paramref name="ids"/>; an erased person's key is in <c>Erased</c>, for the index to forget.</summary>
    public static async Task<(IReadOnlyList<SearchEntry> Entries, IReadOnlyList<string> Erased)> EntriesAsync(
        IQuerySession session, IReadOnlyCollection<Guid> ids, Func<Guid, IReadOnlyCollection<MembershipLine>> memberships, CancellationToken cancellationToken)
    {
        var people = (await session.LoadManyAsync<StreamRecord<Person>>(cancellationToken, ids)).Select(r => r.State).ToList();
        return (
            [.. people.Where(p => !p.IsErased).Select(p => Entry(p, memberships(p.Id)))],
            [.. people.Where(p => p.IsErased).Select(p => SearchEntry.Key(SearchKinds.Person, p.Id))]);
    }

    private static SearchEntry Entry(Person person, IReadOnlyCollection<MembershipLine> memberships) => new(
        SearchEntry.Key(SearchKinds.Person, person.Id), SearchKinds.Person, person.Id, person.DisplayName,
        SearchEntry.Sentence([person.Title, .. memberships.Select(m => m.Text)]),
        SearchEntry.Sentence(memberships.Select(m => m.Topics)),
        person.IsActive ? SearchAudience.Network : SearchAudience.Staff,
        person.PrimaryAffiliation);
}
