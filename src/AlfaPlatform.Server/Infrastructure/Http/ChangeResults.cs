using AlfaPlatform.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlfaPlatform.Server.Infrastructure.Http;

/// <summary>
/// How every change answers: the refusal as problem details, or the record as it now is with its new ETag
/// (201 with its location when the change created it).
/// </summary>
public static class ChangeResults
{
    public static async Task<IResult> RespondAsync<T>(
        CommandResult result, Func<Task<T?>> readBack, Func<T, long> version, HttpResponse response, string? createdAt = null)
        where T : class
    {
        if (result.Rejection is { } rejection)
        {
            return ProblemMapping.ToProblem(rejection);
        }

        var record = await readBack() ?? throw new InvalidOperationException("A change was accepted but its record cannot be read back.");
        response.SetETag(version(record));
        return createdAt is null ? TypedResults.Ok(record) : TypedResults.Created(createdAt, record);
    }

    public static IResult NotFound(string what) => ProblemMapping.ToProblem(Rejection.NotFound(what));
}
