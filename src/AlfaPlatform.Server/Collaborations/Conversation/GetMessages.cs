using AlfaPlatform.Domain.Collaborations;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

public sealed record MessageResponse(Guid Id, string Text, string? AuthorName, string AuthorRole, Guid? ForTargetId, DateTimeOffset At);

public static class GetMessages
{
    public sealed record Query(Guid RequestId) : IQuery<IReadOnlyList<MessageResponse>?>;

    public sealed class Handler(IQuerySession session, RequestAccess access) : IQueryHandler<Query, IReadOnlyList<MessageResponse>?>
    {
        public async ValueTask<IReadOnlyList<MessageResponse>?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await access.OpenAsync(query.RequestId, cancellationToken) is not var (record, party))
            {
                return null;
            }

            // The thread with when each message was said: the events themselves carry the time. A team that was
            // shortlisted but not chosen keeps what it was told until the choice, and hears nothing after it.
            var events = await session.Events.FetchStreamAsync(query.RequestId, token: cancellationToken);
            var thread = new List<MessageResponse>();
            var chosenElsewhere = false;
            foreach (var e in events)
            {
                chosenElsewhere |= e.Data is ProposalSelected selected && !party.Targets.Contains(selected.TargetId);
                if (e.Data is MessagePosted posted
                    && (!party.IsTarget || (!chosenElsewhere && party.Targets.Any(t => record.State.Shortlisted.Contains(t) && posted.Reaches(t)))))
                {
                    thread.Add(new MessageResponse(posted.MessageId, posted.Text, posted.Author.Name, posted.Author.Role, posted.Author.ForTargetId, e.Timestamp));
                }
            }

            return thread;
        }
    }
}
