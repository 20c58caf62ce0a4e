using System.Text.Json;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Infrastructure.Messaging;

/// <summary>
/// Runs every validator of a message, and the text rule each of its texts follows (<see cref="TextFields"/>), before
/// its handler; failures become a 400 naming each field.
/// </summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string error) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(error);

        foreach (var (field, error) in TextFields.Find(message))
        {
            Add(field, error);
        }

        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            foreach (var failure in result.Errors)
            {
                Add(JsonNamingPolicy.CamelCase.ConvertName(failure.PropertyName), failure.ErrorMessage);
            }
        }

        return errors.Count == 0
            ? await next(message, cancellationToken)
            : throw new RequestValidationException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }
}
