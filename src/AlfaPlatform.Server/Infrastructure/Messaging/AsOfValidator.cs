using System.Linq.Expressions;
using FluentValidation;

namespace AlfaPlatform.Server.Infrastructure.Messaging;

/// <summary>The rule every "as of" query shares: the past and today can be asked about, the future cannot.</summary>
public abstract class AsOfValidator<TQuery> : AbstractValidator<TQuery>
{
    protected AsOfValidator(TimeProvider clock, Expression<Func<TQuery, DateOnly?>> asOf) =>
        RuleFor(asOf)
            .Must(date => date is null || date <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
            .WithName("asOf")
            .WithMessage("asOf cannot be a future date.");
}
