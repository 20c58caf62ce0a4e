using System.Diagnostics;
using System.Text.RegularExpressions;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;

namespace AlfaPlatform.Server.Infrastructure.Http;

/// <summary>
/// Names the request: the caller's X-Correlation-Id when it is sane, else the trace id, echoed back so a user can
/// quote it and staff can find the events it caused.
/// </summary>
public sealed partial class CorrelationMiddleware(RequestDelegate next)
{
    public const string Header = "X-Correlation-Id";

    public Task InvokeAsync(HttpContext context, Caller caller)
    {
        var offered = context.Request.Headers[Header].ToString();
        caller.CorrelationId = SaneId().IsMatch(offered)
            ? offered
            : Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        // On starting, not now: the exception handler clears the headers of an error answer before writing it.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = caller.CorrelationId;
            return Task.CompletedTask;
        });
        return next(context);
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,100}$")]
    private static partial Regex SaneId();
}
