using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Search.Contracts;
using Marten.Services.BatchQuerying;

namespace AlfaPlatform.Server.Organisations.Contracts;

/// <summary>An organisation as its teams' search entries name it.</summary>
public sealed record SearchHome(Guid Id, string Name, string Acronym, IReadOnlyList<Capability> Capabilities);

/// <summary>The organisations' search entries: names, kind, place, affiliations and capabilities in both languages.</summary>
public static class OrganisationSearch
{
    /// <summary>
    /// The organisation's events that change nothing its entry or its teams' entries say, nor who finds them: the
    /// search index ignores them (a partner company's size changes often).
    /// </summary>
    public static IReadOnlyList<Type> NotShown { get; } = [typeof(CompanySizeChanged), typeof(OrganisationJoinedNetwork), typeof(OrganisationLeftNetwork)];

    /// <summary>
    /// Whether an organisation's event changes its <see cref="SearchHome"/> (name, acronym, capabilities): only those
    /// rewrite its teams' entries.
    /// </summary>
    public static bool ChangesHome(OrganisationEvent e) => e is OrganisationProfileUpdated or CapabilityDeclared or CapabilityWithdrawn;

    /// <summary>The entries of <paramref name="ids"/>, once <paramref name="batch"/> has run.</summary>
    public static async Task<IReadOnlyList<SearchEntry>> EntriesAsync(IBatchedQuery batch, IReadOnlyCollection<Guid> ids) =>
        [.. (await batch.LoadMany<StreamRecord<Organisation>>().ByIdList(ids)).Select(r => Entry(r.State))];

    /// <summary>The organisations <paramref name="ids"/> as their teams' entries name them, once <paramref name="batch"/> has run.</summary>
    public static async Task<IReadOnlyDictionary<Guid, SearchHome>> HomesAsync(IBatchedQuery batch, IEnumerable<Guid> ids) =>
        (await batch.LoadMany<StreamRecord<Organisation>>().ByIdList(ids.Distinct()))
            .ToDictionary(r => r.Id, r => new SearchHome(r.Id, r.State.Name, r.State.Acronym, r.State.Capabilities));

    private static SearchEntry Entry(Organisation organisation) => new(
        SearchEntry.Key(SearchKinds.Organisation, organisation.Id), SearchKinds.Organisation, organisation.Id,
        $"{organisation.Name} ({organisation.Acronym})",
        SearchEntry.Sentence([SearchEntry.Words(organisation.Kind), organisation.City, organisation.Country, .. organisation.Affiliations]),
        SearchEntry.Sentence(organisation.Capabilities.Select(CapabilityWords.Of)),
        organisation.IsArchived ? SearchAudience.Staff
        : organisation.Kind == OrganisationKind.PartnerCompany ? SearchAudience.PartnerCompany
        : SearchAudience.Network,
        organisation.Id);
}
