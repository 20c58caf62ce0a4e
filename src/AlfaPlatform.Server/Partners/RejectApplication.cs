using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Partners;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using FluentValidation;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlfaPlatform.Server.Partners;

/// <summary>
/// Staff reject a pending application, saying why; the company name is free to apply again. Whatever an approval that
/// did not complete had made for it (an organisation, an account) is taken back.
/// </summary>
public static class RejectApplication
{
    public sealed record Command([property: JsonRequired, MultiLine] string Reason) : ApplicationChange
    {
        public override PartnerApplicationCommand ToDomain() => new RejectPartnerApplication(Reason);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(2000);
    }

    public sealed class Handler(IGrainFactory grains, IMediator mediator, IQuerySession session) : ICommandHandler<Command, Committed<PartnerApplication>>
    {
        public async ValueTask<Committed<PartnerApplication>> Handle(Command command, CancellationToken cancellationToken)
        {
            var result = await command.SendAsync(grains, cancellationToken);
            if (result.IsAccepted)
            {
                await ApproveApplication.UndoAsync(mediator, session, command.ApplicationId, cancellationToken);
            }

            return result;
        }
    }

    public sealed class Endpoint : IOperationEndpoint<ApplicationChange>
    {
        public static void Map(RouteGroupBuilder feature) =>
            feature.MapPost("/{id:guid}/reject", async Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> (
                    Guid id, RejectApplication.Command command, IMediator mediator, HttpContext http, CancellationToken ct) =>
                {
                    var reject = command with { ApplicationId = id, ExpectedVersion = http.Request.ExpectedVersion() };
                    return ChangeResults.Ok(await mediator.Send(reject, ct), ApplicationResponse.From, http.Response);
                })
                .RequireAuthorization(Policies.Staff)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict)
                .ProducesProblem(StatusCodes.Status412PreconditionFailed)
                .WithSummary("Reject, with a reason (staff).");
    }
}
