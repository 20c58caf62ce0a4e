using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>The file of a download: its name, type, length and content (the caller disposes of it).</summary>
public sealed record DocumentDownload(Guid Id, string FileName, string MediaType, long Length, Stream Content);

/// <summary>
/// Downloading a document is an act, as opening the confidential details is, and is open to the same parties (the
/// partner and staff always, a routed team under the partner's condition). Every download, the partner's own
/// people's included, is written to the request's access log before the content is handed over.
/// </summary>
public static class OpenDocument
{
    public sealed record Command(Guid RequestId, Guid DocumentId) : ICommand<Outcome<DocumentDownload>>;

    public sealed class Handler(IDocumentSession session, RequestAccess access, Caller caller, PlatformClock clock, IDocumentContent contents)
        : ICommandHandler<Command, Outcome<DocumentDownload>>
    {
        public async ValueTask<Outcome<DocumentDownload>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await access.OpenAsync(command.RequestId, cancellationToken) is not var (record, party))
            {
                return Rejection.NotFound("The request");
            }

            if (OpenConfidentialDetails.Refused(record.State, party) is { } refused)
            {
                return refused;
            }

            if (record.State.Documents.FirstOrDefault(d => d.Id == command.DocumentId) is not { } document
                || await contents.OpenReadAsync(document.Id, cancellationToken) is not { } content)
            {
                return Rejection.NotFound("The document");
            }

            session.Insert(new ConfidentialRead(
                Guid.CreateVersion7(), record.Id, caller.ActorId, caller.ActorName, caller.Role ?? "unknown", [.. party.Targets], clock.GetUtcNow(),
                OpenedItem.Document, document.Id, document.FileName));
            try
            {
                await session.SaveChangesAsync(cancellationToken);
            }
            catch
            {
                await content.DisposeAsync();
                throw;
            }

            return new DocumentDownload(document.Id, document.FileName, document.MediaType, document.Length, content);
        }
    }
}
