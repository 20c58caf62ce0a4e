namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// A row that reserves a unique value (see <see cref="Domain.Common.UniqueKey"/>) for one stream. Inserted and
/// deleted in the same transaction as the events that take or free the value, so two streams can never both win.
/// </summary>
public sealed record UniqueKeyClaim(string Id, string Scope, string Value, Guid StreamId);
