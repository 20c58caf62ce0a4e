using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Security;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>
/// A request's documents: upload, list, download, remove under <c>/api/collaborations/{id}/documents</c>, and the
/// download for the web app's signed-in browser (its cookie) under <c>/web/collaborations</c>.
/// </summary>
/// <remarks>
/// Its own group, without the requests' <see cref="ReplayByReading"/>: a keyed upload's retry gets the document it
/// attached, not the request. The upload's body passes <see cref="IdempotencyKeys"/>, which fingerprints it whole: it
/// is buffered by ASP.NET Core (to disk past 30 KB) and hashed once, at most <see cref="DocumentFiles.MaxUploadBytes"/>.
/// </remarks>
public static class DocumentEndpoints
{
    public static IEndpointRouteBuilder MapCollaborationDocuments(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("/api/collaborations/{id:guid}/documents").WithTags("Collaborations").ProducesValidationProblem()
            .RequireAuthorization(Policies.RequestParties);

        documents.MapPost("", async Task<Results<Created<DocumentResponse>, ProblemHttpResult>> (
                    Guid id, IFormFile file, IMediator mediator, CancellationToken ct) =>
                {
                    await using var content = file.OpenReadStream();
                    var attached = await mediator.Send(new AttachDocument.Command(id, file.FileName, content), ct);
                    return attached.Rejection is { } rejection
                        ? ProblemMapping.ToProblem(rejection)
                        : TypedResults.Created($"/api/collaborations/{id}/documents/{attached.Value!.Id}", attached.Value);
                })
            .DisableAntiforgery() // a bearer token's API; the web app sends its uploads through the mediator
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(DocumentFiles.MaxUploadBytes))
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithMetadata(new Versioning.IgnoresIfMatch())
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Attach a document (multipart/form-data, field file): PDF, DOCX or XLSX as its content shows, up to 20 MB; the partner or staff, while the request is open.");
        documents.MapGet("", async (Guid id, IMediator mediator, CancellationToken ct) =>
                ProblemMapping.Respond(await mediator.Send(new GetDocuments.Query(id), ct), list => TypedResults.Ok(list)))
            .Produces<IReadOnlyList<DocumentResponse>>()
            .WithSummary("The request's documents (its partner, staff, a routed team as for the confidential details).");
        documents.MapGet("/{documentId:guid}", DownloadAsync)
            .Produces<byte[]>(StatusCodes.Status200OK, DocumentFiles.Pdf, DocumentFiles.Docx, DocumentFiles.Xlsx)
            .WithSummary("Download a document: written to the request's access log first, whoever downloads it.");
        documents.MapDelete("/{documentId:guid}", async Task<Results<NoContent, ProblemHttpResult>> (
                    Guid id, Guid documentId, IMediator mediator, HttpRequest request, CancellationToken ct) =>
                {
                    var removed = await mediator.Send(new RemoveDocument.Command(documentId) { RequestId = id, ExpectedVersion = request.ExpectedVersion() }, ct);
                    return removed.Rejection is { } rejection ? ProblemMapping.ToProblem(rejection) : TypedResults.NoContent();
                })
            .RequireAuthorization(Policies.StaffOrPartner)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithSummary("Remove a document (the side that attached it, while the request is open): its content is deleted, the history keeps its name.");

        // The browser's download for the web app's pages: its cookie, the same command (same log, same 404s).
        app.MapGet("/web/collaborations/{id:guid}/documents/{documentId:guid}", (Guid id, Guid documentId, IMediator mediator, Caller caller, HttpContext http, CancellationToken ct) =>
                {
                    caller.ActAs(http.User); // the cookie's user, authenticated by this endpoint's policy after the caller was filled
                    return DownloadAsync(id, documentId, mediator, http.Response, ct);
                })
            .RequireAuthorization(Web.WebApp.SignedInPolicy) // the web cookie, signed in
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> DownloadAsync(Guid id, Guid documentId, IMediator mediator, HttpResponse response, CancellationToken ct) =>
        ProblemMapping.Respond(await mediator.Send(new OpenDocument.Command(id, documentId), ct), file =>
        {
            response.Headers.CacheControl = "no-store";
            response.Headers.XContentTypeOptions = "nosniff";
            return TypedResults.File(file.Content, file.MediaType, file.FileName);
        });
}
