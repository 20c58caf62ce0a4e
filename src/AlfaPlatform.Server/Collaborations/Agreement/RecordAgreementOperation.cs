using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

public static class RecordAgreementOperation
{
    public sealed record Command(AgreementKind? Kind, IReadOnlyList<string>? Parties, decimal? ValueEuros, DateOnly? SignedOn) : RequestChange
    {
        public override RequestCommand ToDomain() =>
            new RecordAgreement(Kind!.Value, [.. Parties!.Select(p => p.Trim())], ValueEuros ?? 0m, SignedOn!.Value);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.Kind).NotNull();
            RuleFor(x => x.Parties).NotEmpty().Must(p => p is null || p.Count <= 20);
            RuleForEach(x => x.Parties).NotEmpty().MaximumLength(200);
            RuleFor(x => x.ValueEuros).GreaterThanOrEqualTo(0).LessThan(1_000_000_000m);
            RuleFor(x => x.SignedOn).NotNull();
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}
