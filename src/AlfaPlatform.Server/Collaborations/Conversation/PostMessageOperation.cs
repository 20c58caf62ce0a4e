using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>
/// A request's message thread: between its partner and staff from submission on; a shortlisted team joins and reads
/// what the partner and staff say from the shortlist on, and what its own members say (never a competing team's),
/// until another team's proposal is chosen.
/// Each message is an event of the request's stream.
/// </summary>
public static class PostMessageOperation
{
    public sealed record Command([property: MultiLine] string? Text) : RequestChange
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid MessageId { get; init; }

        [System.Text.Json.Serialization.JsonIgnore]
        public MessageAuthor? Author { get; init; }

        public override RequestCommand ToDomain() => new PostMessage(MessageId, Text!.Trim(), Author!);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.Text).NotEmpty().MaximumLength(8000);
    }

    public sealed class Handler(IGrainFactory grains, RequestAccess access, Caller caller) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await access.OpenAsync(command.RequestId, cancellationToken) is not var (record, party))
            {
                return CommandResult.Rejected(Rejection.NotFound("The request"), 0);
            }

            // A member speaks for their shortlisted team; the decider refuses a team that is not (yet) shortlisted.
            var speaksFor = party.IsTarget
                ? party.Targets.FirstOrDefault(record.State.InConversation, party.Targets.First())
                : (Guid?)null;
            var author = new MessageAuthor(caller.ActorId, caller.ActorName, caller.Role ?? "unknown", speaksFor);
            return await (command with { Author = author }).SendAsync(grains);
        }
    }
}
