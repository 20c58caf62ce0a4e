using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Organisations;

/// <summary>Staff archive an organisation: it stays in history, frees its acronym and accepts no further change.</summary>
public static class Archive
{
    public sealed record Command([property: MultiLine] string? Reason = null) : OrganisationChange
    {
        public override OrganisationCommand ToDomain() => new ArchiveOrganisation(Reason);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.Reason).MaximumLength(1000);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, Committed<Organisation>>
    {
        public async ValueTask<Committed<Organisation>> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains, cancellationToken);
    }

    public sealed class Endpoint : IOperationEndpoint<OrganisationChange>
    {
        public static void Map(RouteGroupBuilder feature) => feature.MapChange<Command>(HttpMethods.Post, "/{id:guid}/archive",
            "Archive the organisation: it keeps its history, frees its acronym and accepts no further change.");
    }
}
