using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Search.Contracts;
using Marten.Services.BatchQuerying;

namespace AlfaPlatform.Server.People.Contracts;

/// <summary>People's search entries: name, title and current memberships (no email, phone or ORCID); none once erased.</summary>
public static class PersonSearch
{
    /// <summary>The people <paramref name="ids"/>, once <paramref name="batch"/> has run; their entries need their memberships.</summary>
    public static async Task<Read> ReadAsync(IBatchedQuery batch, IReadOnlyCollection<Guid> ids) =>
        new([.. (await batch.LoadMany<StreamRecord<Person>>().ByIdList(ids)).Select(r => r.State)]);

    /// <summary>People read for the index, waiting for their memberships.</summary>
    public sealed class Read(IReadOnlyList<Person> people)
    {
        /// <summary>The entries; an erased person's key is in <c>Erased</c>, for the index to forget.</summary>
        public (IReadOnlyList<SearchEntry> Entries, IReadOnlyList<string> Erased) Entries(Func<Guid, IReadOnlyCollection<MembershipLine>> memberships) => (
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
