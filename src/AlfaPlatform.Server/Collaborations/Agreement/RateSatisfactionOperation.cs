using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>At completion the partner rates its satisfaction, as the network's charter asks it to measure.</summary>
public static class RateSatisfactionOperation
{
    public sealed record Command(int? Score, [property: MultiLine] string? Comment = null) : RequestChange, IOwnerStep<CollaborationRequest>
    {
        Guid IOwnerStep<CollaborationRequest>.RecordId => RequestId;

        public override RequestCommand ToDomain() => new RateSatisfaction(Score!.Value, Comment?.Trim());
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.Score).NotNull().InclusiveBetween(1, 5);
            RuleFor(x => x.Comment).MaximumLength(4000);
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains);
    }
}
