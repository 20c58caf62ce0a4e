using Marten;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

/// <summary>One contribution: staff, or whoever submitted or presents it (anyone else: 404). Where a submission's Location points.</summary>
public static class GetContribution
{
    public sealed record Query(Guid MeetingId, Guid ContributionId) : IQuery<ContributionResponse?>;

    public sealed class Handler(IQuerySession session, MeetingAccess access) : IQueryHandler<Query, ContributionResponse?>
    {
        public async ValueTask<ContributionResponse?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await access.OpenAsync(query.MeetingId, cancellationToken) is not { State: var m }
                || m.Contributions.FirstOrDefault(c => c.Id == query.ContributionId) is not { } contribution)
            {
                return null;
            }

            if (!access.IsStaff && await access.CallerPersonAsync(cancellationToken) is var me && me != contribution.SubmittedBy && me != contribution.PresenterId)
            {
                return null;
            }

            return Contributions.Shape(contribution, await MeetingNames.PeopleAsync(session, [contribution.PresenterId], cancellationToken));
        }
    }
}
