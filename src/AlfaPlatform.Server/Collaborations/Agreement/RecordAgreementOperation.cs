using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

public static class RecordAgreementOperation
{
    public sealed record Command(
        [property: JsonRequired] AgreementKind Kind,
        [property: JsonRequired] IReadOnlyList<string> Parties,
        decimal? ValueEuros,
        [property: JsonRequired] DateOnly SignedOn) : RequestChange
    {
        public override RequestCommand ToDomain() =>
            new RecordAgreement(Kind, [.. Parties.Select(p => p.Trim())], ValueEuros ?? 0m, SignedOn);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.Parties).NotEmpty().Must(p => p is null || p.Count <= 20);
            RuleForEach(x => x.Parties).NotEmpty().MaximumLength(200);
            RuleFor(x => x.ValueEuros).GreaterThanOrEqualTo(0).LessThan(1_000_000_000m);
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, Committed<CollaborationRequest>>
    {
        public async ValueTask<Committed<CollaborationRequest>> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains, cancellationToken);
    }
}
