using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Search.Contracts;
using Marten.Services.BatchQuerying;

namespace AlfaPlatform.Server.Collaborations.Contracts;

/// <summary>
/// Requests' search entries: what a request says openly (title, summary, disease areas, capabilities sought), never
/// its confidential details or its partner's name; found by staff, the partner company and the teams routed to.
/// </summary>
public static class RequestSearch
{
    /// <summary>The entries of <paramref name="ids"/>, once <paramref name="batch"/> has run.</summary>
    public static async Task<IReadOnlyList<SearchEntry>> EntriesAsync(IBatchedQuery batch, IReadOnlyCollection<Guid> ids) =>
        [.. (await batch.LoadMany<StreamRecord<CollaborationRequest>>().ByIdList(ids)).Select(r => Entry(r.State))];

    private static SearchEntry Entry(CollaborationRequest request)
    {
        var sought = request.Details.Capabilities.Select(CapabilityWords.Of).ToList();
        return new SearchEntry(
            SearchEntry.Key(SearchKinds.Request, request.Id), SearchKinds.Request, request.Id, request.Details.Title,
            SearchEntry.Sentence([request.Details.Summary, .. request.Details.DiseaseAreas, .. sought]),
            SearchEntry.Sentence([.. request.Details.DiseaseAreas, .. sought]),
            SearchAudience.Request,
            request.PartnerOrganisationId,
            [.. request.Routings.Select(r => r.TargetId)]);
    }
}
