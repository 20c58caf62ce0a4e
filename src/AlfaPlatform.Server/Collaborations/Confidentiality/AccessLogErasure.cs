using Marten;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>The access log of an erased reader (ADR 0008): each reading stays (who by account id, when, role, teams), by "erased person".</summary>
public static class AccessLogErasure
{
    /// <summary>Queues the changes in <paramref name="session"/>; idempotent.</summary>
    public static async Task EraseReaderAsync(IDocumentSession session, string actorId, CancellationToken cancellationToken)
    {
        var reads = await session.Query<ConfidentialRead>()
            .Where(r => r.ActorId == actorId && r.ActorName != Domain.People.PersonalData.ErasedName)
            .ToListAsync(cancellationToken);
        foreach (var read in reads)
        {
            session.Update(read with { ActorName = Domain.People.PersonalData.ErasedName });
        }
    }
}
