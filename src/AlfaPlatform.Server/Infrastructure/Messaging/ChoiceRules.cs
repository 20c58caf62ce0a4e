using FluentValidation;

namespace AlfaPlatform.Server.Infrastructure.Messaging;

/// <summary>
/// A choice must be one of its enum's values. FluentValidation's <c>IsInEnum</c> reads the enum type's attributes on
/// every validation (to learn whether it is a set of flags): 6 % of the command path's own CPU in a profile of P1
/// (docs/performance.md). None of the platform's choices are flags, and the runtime answers
/// <see cref="Enum.IsDefined{TEnum}(TEnum)"/> from the values it has cached.
/// </summary>
public static class ChoiceRules
{
    private const string NotAChoice = "'{PropertyName}' has a range of values which does not include '{PropertyValue}'.";

    public static IRuleBuilderOptions<T, TEnum> IsAChoice<T, TEnum>(this IRuleBuilder<T, TEnum> rule)
        where TEnum : struct, Enum =>
        rule.Must(Enum.IsDefined).WithMessage(NotAChoice);

    /// <summary>A choice left out passes (whether one is required is another rule's); a choice given must be defined.</summary>
    public static IRuleBuilderOptions<T, TEnum?> IsAChoice<T, TEnum>(this IRuleBuilder<T, TEnum?> rule)
        where TEnum : struct, Enum =>
        rule.Must(choice => choice is not { } value || Enum.IsDefined(value)).WithMessage(NotAChoice);
}
