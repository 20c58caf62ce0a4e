using AlfaPlatform.Server.People.Contracts;
using Marten;

namespace AlfaPlatform.Server.Collaborations.Contracts;

/// <summary>Collaborations' part in every erasure: the confidential-access log of the account the party acted as (<see cref="AccessLogErasure"/>).</summary>
public sealed class AccessLogErasureParticipant : IErasureParticipant
{
    public async Task RemoveFromDocumentsAsync(IDocumentSession session, ErasedParty party, CancellationToken cancellationToken)
    {
        if (party.AccountId is { } account)
        {
            await AccessLogErasure.EraseReaderAsync(session, account.ToString(), cancellationToken);
        }
    }
}
