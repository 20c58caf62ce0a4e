namespace AlfaPlatform.Server.Infrastructure.Http;

/// <summary>One page of a list; <see cref="Total"/> counts every match, not only this page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Number, int Size, long Total);
