using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Security;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>One team's (or organisation's) inbox: the requests routed to it, for its members and staff; 404 for anyone else.</summary>
public static class GetInbox
{
    public sealed record Query(Guid TargetId, FindRequests.Query Filters) : IQuery<Page<RequestResponse>?>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(FindRequests.Validator filters) => RuleFor(x => x.Filters).SetValidator(filters);
    }

    public sealed class Handler(IMediator mediator, Caller caller, RequestAccess access) : IQueryHandler<Query, Page<RequestResponse>?>
    {
        public async ValueTask<Page<RequestResponse>?> Handle(Query query, CancellationToken cancellationToken) =>
            caller.Role == Roles.Staff || (await access.CallerTargetsAsync(cancellationToken)).Contains(query.TargetId)
                ? await mediator.Send(query.Filters with { Target = query.TargetId }, cancellationToken)
                : null;
    }
}
