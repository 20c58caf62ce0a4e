using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlfaPlatform.Server.Infrastructure.Http;

/// <summary>
/// How every change answers: the refusal as problem details, or the record as it now is with its new ETag (201 with
/// its location when the change created it). Typed, so the OpenAPI document shows the record's schema.
/// </summary>
public static class ChangeResults
{
    /// <summary>The record as the grain committed it (no second read), shown through <paramref name="show"/>, with its ETag.</summary>
    public static Results<Ok<T>, ProblemHttpResult> Ok<TState, T>(
        Committed<TState> committed, Func<StreamRecord<TState>, T> show, HttpResponse response)
        where TState : class, IEventSourced<TState> =>
        Shown(committed, show, response) switch
        {
            ({ } record, _) => TypedResults.Ok(record),
            (_, var problem) => problem!,
        };

    public static Results<Created<T>, ProblemHttpResult> Created<TState, T>(
        Committed<TState> committed, Func<StreamRecord<TState>, T> show, HttpResponse response, string location)
        where TState : class, IEventSourced<TState> =>
        Shown(committed, show, response) switch
        {
            ({ } record, _) => TypedResults.Created(location, record),
            (_, var problem) => problem!,
        };

    private static (T? Shown, ProblemHttpResult? Problem) Shown<TState, T>(
        Committed<TState> committed, Func<StreamRecord<TState>, T> show, HttpResponse response)
        where TState : class, IEventSourced<TState>
    {
        if (committed.Rejection is { } rejection)
        {
            return (default, ProblemMapping.ToProblem(rejection));
        }

        var record = committed.Record ?? throw new InvalidOperationException("A change was accepted but its grain holds no record.");
        response.SetETag(record.Version);
        return (show(record), null);
    }

    public static async Task<Results<Ok<T>, ProblemHttpResult>> OkAsync<T>(
        CommandResult result, Func<Task<T?>> readBack, Func<T, long> version, HttpResponse response)
        where T : class =>
        await ReadBackAsync(result, readBack, version, response) switch
        {
            ({ } record, _) => TypedResults.Ok(record),
            (_, var problem) => problem!,
        };

    public static async Task<Results<Created<T>, ProblemHttpResult>> CreatedAsync<T>(
        CommandResult result, Func<Task<T?>> readBack, Func<T, long> version, HttpResponse response, string location)
        where T : class =>
        await ReadBackAsync(result, readBack, version, response) switch
        {
            ({ } record, _) => TypedResults.Created(location, record),
            (_, var problem) => problem!,
        };

    public static IResult NotFound(string what) => ProblemMapping.ToProblem(Rejection.NotFound(what));

    /// <summary>A read of one record: 200 with its ETag, or 404 naming what was looked for.</summary>
    public static IResult Found<T>(T? record, Func<T, long> version, HttpResponse response, string what)
        where T : class
    {
        if (record is null)
        {
            return NotFound(what);
        }

        response.SetETag(version(record));
        return TypedResults.Ok(record);
    }

    private static async Task<(T? Record, ProblemHttpResult? Problem)> ReadBackAsync<T>(
        CommandResult result, Func<Task<T?>> readBack, Func<T, long> version, HttpResponse response)
        where T : class
    {
        if (result.Rejection is { } rejection)
        {
            return (null, ProblemMapping.ToProblem(rejection));
        }

        var record = await readBack() ?? throw new InvalidOperationException("A change was accepted but its record cannot be read back.");
        response.SetETag(version(record));
        return (record, null);
    }
}
