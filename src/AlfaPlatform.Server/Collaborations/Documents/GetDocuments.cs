using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.Messaging;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>A request's documents, oldest first: for those who may download them (its partner, staff, a routed team as for the confidential details).</summary>
public static class GetDocuments
{
    public sealed record Query(Guid RequestId) : IQuery<Outcome<IReadOnlyList<DocumentResponse>>>;

    public sealed class Handler(RequestAccess access) : IQueryHandler<Query, Outcome<IReadOnlyList<DocumentResponse>>>
    {
        public async ValueTask<Outcome<IReadOnlyList<DocumentResponse>>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await access.OpenAsync(query.RequestId, cancellationToken) is not var (record, party))
            {
                return Rejection.NotFound("The request");
            }

            return OpenConfidentialDetails.Refused(record.State, party) is { } refused
                ? refused
                : record.State.Documents.Select(DocumentResponse.From).ToList();
        }
    }
}
