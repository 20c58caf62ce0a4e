using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

public static class ShortlistOperation
{
    public sealed record Command(IReadOnlyList<Guid>? TargetIds) : RequestChange
    {
        public override RequestCommand ToDomain() => new Shortlist(TargetIds!);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.TargetIds).NotEmpty().Must(t => t is null || t.Count <= 50);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, Committed<CollaborationRequest>>
    {
        public async ValueTask<Committed<CollaborationRequest>> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains, cancellationToken);
    }
}
