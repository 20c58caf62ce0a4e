using FluentValidation;

namespace AlfaPlatform.Server.Infrastructure.Http;

/// <summary>One page of a list; <see cref="Total"/> counts every match, not only this page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Number, int Size, long Total);

/// <summary>The rule every paged list shares for its page number.</summary>
public static class Paging
{
    /// <summary>The last page number asked for: (page − 1) × size stays far from overflowing for any page size a list allows.</summary>
    public const int MaxPage = 100_000;

    public static IRuleBuilderOptions<T, int> PageNumber<T>(this IRuleBuilder<T, int> page) => page.InclusiveBetween(1, MaxPage);
}
