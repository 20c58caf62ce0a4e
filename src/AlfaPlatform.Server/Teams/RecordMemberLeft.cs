using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Teams;

public static class RecordMemberLeftOperation
{
    public sealed record Command(DateOnly? On, [property: MultiLine] string? Reason = null) : TeamChange
    {
        [JsonIgnore]
        public Guid PersonId { get; init; }

        public override TeamCommand ToDomain() => new RecordMemberLeft(PersonId, On!.Value, Reason);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.On).NotNull().GreaterThanOrEqualTo(TeamDates.Earliest);
            RuleFor(x => x.Reason).MaximumLength(1000);
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, Committed<Team>>
    {
        public async ValueTask<Committed<Team>> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains, cancellationToken);
    }

    public sealed class Endpoint : IOperationEndpoint<TeamChange>
    {
        public static void Map(RouteGroupBuilder feature) =>
            feature.MapPost("/{id:guid}/members/{personId:guid}/leave", (Guid id, Guid personId, RecordMemberLeftOperation.Command command, IMediator mediator, TeamAccess access, HttpContext http, CancellationToken ct) =>
                    TeamEndpoints.Change(command with { PersonId = personId, TeamId = id, ExpectedVersion = http.Request.ExpectedVersion() }, mediator, access, http.Response, ct))
                .Produces<TeamResponse>()
                .RequireAuthorization(Policies.StaffOrMember)
                .WithSummary("Record that a member left on a date.");
    }
}
