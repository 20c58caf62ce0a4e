using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.Messaging;

namespace AlfaPlatform.Server.Web.Components.Widgets;

/// <summary>
/// What the server said about a form, kept apart from what the person typed (which a failed send never clears): the
/// validation errors next to the fields they name, a refusal's message above the form, and a conflict (the record
/// changed since it was read) that asks to reload instead of overwriting, and a command the platform did not answer
/// (the page stays up, with what was typed).
/// </summary>
public sealed class FormProblems
{
    private readonly Dictionary<string, string> _fields = new(StringComparer.OrdinalIgnoreCase);

    public string? General { get; private set; }

    /// <summary>The record changed meanwhile (a stale version): the page offers to reload it.</summary>
    public bool Conflict { get; private set; }

    /// <summary>
    /// The platform did not answer (busy, restarting, its database out of reach): the command may or may not have been
    /// done, so the page says so instead of failing, and the person reloads before trying again.
    /// </summary>
    public bool Unanswered { get; private set; }

    public bool Any => General is not null || Conflict || Unanswered || _fields.Count > 0;

    /// <summary>The server's words for <paramref name="field"/> (its name as the command has it, any case), or null.</summary>
    public string? For(string field) => _fields.GetValueOrDefault(field);

    public bool Has(string field) => _fields.ContainsKey(field);

    public void Clear()
    {
        _fields.Clear();
        General = null;
        Conflict = false;
        Unanswered = false;
    }

    /// <summary>A validation failure: each error under its field (<c>Kinds[0]</c> is shown under <c>Kinds</c>).</summary>
    public void Show(RequestValidationException invalid)
    {
        Clear();
        foreach (var (field, messages) in invalid.Errors)
        {
            var name = field.Split('[', '.')[0];
            _fields[name] = _fields.TryGetValue(name, out var before) ? $"{before} {string.Join(" ", messages)}" : string.Join(" ", messages);
        }
    }

    /// <summary>A refusal by the record's rules: its message, or the conflict when the version was stale.</summary>
    public void Show(Rejection rejection)
    {
        Clear();
        Conflict = rejection.Kind == RejectionKind.PreconditionFailed;
        General = Conflict ? null : rejection.Message;
    }

    /// <summary>
    /// Sends a command and records what the server refused; true when it was accepted. What the person typed stays
    /// in the form whatever happens.
    /// </summary>
    public async Task<bool> SendAsync(Func<Task<CommandResult>> send)
    {
        try
        {
            var result = await send();
            if (result.Rejection is { } refused)
            {
                Show(refused);
                return false;
            }

            Clear();
            return true;
        }
        catch (RequestValidationException invalid)
        {
            Show(invalid);
            return false;
        }
        catch (Exception unanswered) when (unanswered is Orleans.Runtime.OrleansException || Infrastructure.Http.ProblemMapping.IsDatabaseUnavailable(unanswered))
        {
            Clear();
            Unanswered = true;
            return false;
        }
    }
}
