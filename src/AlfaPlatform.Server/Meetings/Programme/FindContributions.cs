using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using FluentValidation;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

/// <summary>Every contribution submitted to a meeting, for review (staff), optionally by status.</summary>
public static class FindContributions
{
    public sealed record Query(Guid MeetingId, ContributionStatus? Status = null) : IQuery<IReadOnlyList<ContributionResponse>?>;

    public sealed class Handler(IQuerySession session) : IQueryHandler<Query, IReadOnlyList<ContributionResponse>?>
    {
        public async ValueTask<IReadOnlyList<ContributionResponse>?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await session.LoadAsync<StreamRecord<Meeting>>(query.MeetingId, cancellationToken) is not { State: var m })
            {
                return null;
            }

            var people = await MeetingNames.PeopleAsync(session, m.Contributions.Select(c => c.PresenterId), cancellationToken);
            return [.. m.Contributions.Where(c => query.Status is null || c.Status == query.Status).Select(c => Contributions.Shape(c, people))];
        }
    }
}
