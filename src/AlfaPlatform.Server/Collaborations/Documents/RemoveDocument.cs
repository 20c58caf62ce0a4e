using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.Security;
using Mediator;
using Remove = AlfaPlatform.Domain.Collaborations.RemoveDocument;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>
/// A document is removed by the side that attached it (the partner its company's, staff theirs) while the request is
/// open: <c>DocumentRemoved</c> is appended, then the content deleted. The history keeps its name.
/// </summary>
public static partial class RemoveDocument
{
    public sealed record Command(Guid DocumentId) : RequestChange
    {
        public override Domain.Collaborations.RequestCommand ToDomain() => new Remove(DocumentId);
    }

    public sealed partial class Handler(IGrainFactory grains, RequestAccess access, Caller caller, IDocumentContent contents, ILogger<Handler> logger)
        : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await access.OpenAsync(command.RequestId, cancellationToken) is not var (record, party))
            {
                return CommandResult.Rejected(Rejection.NotFound("The request"), 0);
            }

            // Unknown ids go on to the rules: a closed request answers 409, an open one 404.
            if (record.State.Documents.FirstOrDefault(d => d.Id == command.DocumentId) is { } document
                && !(party.IsOwner ? document.AttachedBy.Role == Roles.Partner : party.IsStaff && document.AttachedBy.Role == Roles.Staff))
            {
                return CommandResult.Rejected(Rejection.Forbidden("not_your_document", "A document is removed by the side that attached it."), record.Version);
            }

            if (!(party.IsOwner || party.IsStaff))
            {
                return CommandResult.Rejected(Rejection.Forbidden("partner_and_staff_only", "Documents are removed by the request's partner and by staff."), record.Version);
            }

            var result = await command.SendAsync(grains);
            if (result.IsAccepted)
            {
                try
                {
                    await contents.DeleteAsync(command.DocumentId, CancellationToken.None);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogContentLeft(logger, e, command.DocumentId, caller.CorrelationId);
                }
            }

            return result;
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "Document {DocumentId} was removed but its content could not be deleted (correlation {CorrelationId})")]
        private static partial void LogContentLeft(ILogger logger, Exception exception, Guid documentId, string correlationId);
    }
}
