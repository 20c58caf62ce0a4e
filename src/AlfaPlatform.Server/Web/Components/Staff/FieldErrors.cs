using AlfaPlatform.Server.Web.Components.Widgets;
using FluentValidation;
using FluentValidation.Results;

namespace AlfaPlatform.Server.Web.Components.Staff;

/// <summary>
/// What a field of a staff form shows under it: the server's words until the field is edited again, else the rule
/// of the command it breaks as the person types (the command's own validator, so the page repeats no rule).
/// </summary>
public sealed class FieldErrors<TCommand>(IValidator<TCommand> rules)
{
    private readonly HashSet<string> _touched = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _editedSinceSend = new(StringComparer.OrdinalIgnoreCase);
    private ValidationResult _client = new();

    public FormProblems Problems { get; } = new();

    /// <summary>A field changed: it is checked from now on, against the command as it now stands.</summary>
    public void Edited(string field, TCommand command)
    {
        _touched.Add(field);
        _editedSinceSend.Add(field);
        _client = rules.Validate(command);
    }

    public string? For(string field)
    {
        if (Problems.Has(field) && !_editedSinceSend.Contains(field))
        {
            return Problems.For(field);
        }

        return _touched.Contains(field)
            ? _client.Errors.FirstOrDefault(e => e.PropertyName.Split('[', '.')[0].Equals(field, StringComparison.OrdinalIgnoreCase))?.ErrorMessage
            : null;
    }

    /// <summary>Sends the command (the server has the last word even when a rule is broken); true when accepted.</summary>
    public Task<bool> SendAsync(Func<Task<Domain.Common.CommandResult>> send)
    {
        _editedSinceSend.Clear();
        return Problems.SendAsync(send);
    }

    public void Reset()
    {
        Problems.Clear();
        _touched.Clear();
        _editedSinceSend.Clear();
        _client = new ValidationResult();
    }
}
