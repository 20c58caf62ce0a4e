using System.Security.Cryptography;
using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using Mediator;
using Attach = AlfaPlatform.Domain.Collaborations.AttachDocument;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>
/// The request's partner (or staff) attaches a document while the request is open. The type is found in the
/// content; the content is stored before the event is appended, and deleted again when the append is refused, so
/// a listed document always has its content. Sent by the API's upload and, in process, by the web app.
/// </summary>
public static partial class AttachDocument
{
    /// <param name="FileName">The client's name: kept without path or control characters (<see cref="DocumentFiles.SafeName"/>).</param>
    /// <param name="Content">The file, read once to its end.</param>
    public sealed record Command(Guid RequestId, string FileName, [property: JsonIgnore] Stream Content) : ICommand<Outcome<DocumentResponse>>
    {
        public string FileName { get; init; } = DocumentFiles.SafeName(FileName);
    }

    public sealed partial class Handler(
        IGrainFactory grains, RequestAccess access, Caller caller, IDocumentContent contents, PlatformClock clock, ILogger<Handler> logger)
        : ICommandHandler<Command, Outcome<DocumentResponse>>
    {
        public async ValueTask<Outcome<DocumentResponse>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await access.OpenAsync(command.RequestId, cancellationToken) is not var (record, party))
            {
                return Rejection.NotFound("The request");
            }

            if (!(party.IsOwner || party.IsStaff))
            {
                return Rejection.Forbidden("partner_and_staff_only", "Documents are attached by the request's partner and by staff.");
            }

            using var buffer = new MemoryStream();
            if (!await ReadWithinLimitAsync(command.Content, buffer, cancellationToken))
            {
                return new Rejection(RejectionKind.TooLarge, "document_too_large", $"A document holds at most {DocumentFiles.MaxBytes / (1024 * 1024)} MB.");
            }

            if (buffer.Length == 0)
            {
                throw new RequestValidationException(new Dictionary<string, string[]> { ["file"] = ["The file is empty."] });
            }

            var content = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            if (DocumentFiles.MediaTypeOf(content) is not { } mediaType)
            {
                return new Rejection(RejectionKind.UnsupportedType, "unsupported_document_type", "A document is a PDF, DOCX or XLSX file (as its content shows).");
            }

            var attach = new Attach(
                caller.NewId("document"), command.FileName, mediaType, buffer.Length, Convert.ToHexStringLower(SHA256.HashData(content.Span)),
                new MessageAuthor(caller.ActorId, caller.ActorName, caller.Role ?? "unknown", null), clock.GetUtcNow());

            // The rules first, on the state just read, so a closed request stores nothing; the grain decides again.
            if (RequestDecider.Decide(record.State, attach, clock.Today).Rejection is { } refused)
            {
                return refused;
            }

            buffer.Position = 0;
            var stored = await contents.SaveAsync(attach.DocumentId, command.RequestId, buffer, cancellationToken);
            CommandResult result;
            try
            {
                result = await grains.GetGrain<ICollaborationGrain>(command.RequestId).ExecuteAsync(attach, expectedVersion: null);
            }
            catch
            {
                await ForgetAsync(stored, attach.DocumentId);
                throw;
            }

            if (result.Rejection is { } rejection)
            {
                await ForgetAsync(stored, attach.DocumentId);
                return rejection;
            }

            return new DocumentResponse(
                attach.DocumentId, attach.FileName, mediaType, attach.Length, attach.Sha256, attach.At, attach.Author.Name, attach.Author.Role);
        }

        /// <summary>The content this attempt stored, whose event was not appended: deleted (a retry's content, stored by the first attempt, stays).</summary>
        private async Task ForgetAsync(bool stored, Guid documentId)
        {
            if (!stored)
            {
                return;
            }

            try
            {
                await contents.DeleteAsync(documentId, CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogOrphanLeft(logger, e, documentId);
            }
        }

        private static async Task<bool> ReadWithinLimitAsync(Stream source, MemoryStream target, CancellationToken cancellationToken)
        {
            var chunk = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (target.Length + read > DocumentFiles.MaxBytes)
                {
                    return false;
                }

                target.Write(chunk, 0, read);
            }

            return true;
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "The content of document {DocumentId}, whose attachment was not recorded, could not be deleted")]
        private static partial void LogOrphanLeft(ILogger logger, Exception exception, Guid documentId);
    }
}
