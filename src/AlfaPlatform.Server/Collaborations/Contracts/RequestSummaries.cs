using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;

namespace AlfaPlatform.Server.Collaborations.Contracts;

/// <summary>
/// A collaboration request as other features may know it (notifications address and word theirs with it): its
/// title, partner company, the targets it was routed to, those interested, shortlisted and selected, and the stream
/// version it reflects. No details beyond the title, no conversation.
/// </summary>
public sealed record RequestSummary(
    Guid Id,
    long Version,
    Guid PartnerOrganisationId,
    string Title,
    IReadOnlyList<Guid> Routed,
    IReadOnlyList<Guid> Interested,
    IReadOnlyList<Guid> Shortlisted,
    Guid? Selected);

/// <summary>
/// The requests' published read, instead of their records. Takes the reader's session: a projection reads in the
/// transaction it writes in (inline, the committed state before the events in hand).
/// </summary>
public static class RequestSummaries
{
    public static async Task<RequestSummary?> FindAsync(IQuerySession session, Guid requestId, CancellationToken cancellationToken) =>
        await session.LoadAsync<StreamRecord<CollaborationRequest>>(requestId, cancellationToken) is { } record
            ? new RequestSummary(
                record.Id, record.Version, record.State.PartnerOrganisationId, record.State.Details.Title,
                [.. record.State.Routings.Select(r => r.TargetId)],
                [.. record.State.Routings.Where(r => r.Answer is { Interested: true }).Select(r => r.TargetId)],
                record.State.Shortlisted, record.State.Selected)
            : null;

    /// <summary>The titles of the requests among <paramref name="ids"/> that exist (today), by id.</summary>
    public static async Task<IReadOnlyDictionary<Guid, string>> TitlesAsync(IQuerySession session, IEnumerable<Guid> ids, CancellationToken cancellationToken) =>
        (await session.LoadManyAsync<StreamRecord<CollaborationRequest>>(cancellationToken, ids.Distinct()))
            .ToDictionary(r => r.Id, r => r.State.Details.Title);
}
