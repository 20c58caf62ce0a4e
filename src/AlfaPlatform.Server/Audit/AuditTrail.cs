using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Audit;

/// <summary>
/// Staff ask who did what across the whole platform: every event, newest first, filtered by actor, by record
/// (stream) and by time range. It reads the events themselves, so nothing can be changed without appearing here.
/// </summary>
public static class AuditTrail
{
    public sealed record Query(string? Actor = null, Guid? Record = null, Instant? From = null, Instant? To = null, int Page = 1, int PageSize = 100)
        : IQuery<Page<Entry>>;

    /// <param name="Area">The part of the platform the record belongs to, named by its event's feature (Organisations,
    /// Teams, People, Collaborations, Meetings, Partners, Identity): what kind of record <paramref name="Record"/> is.</param>
    public sealed record Entry(
        long Sequence, Guid Record, string Area, long Version, DateTimeOffset At, string Event, string? Actor, string? ActorName, string? Role,
        string? CorrelationId, string? CausationId);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(x => x.Actor).MaximumLength(200);
            RuleFor(x => x.To).Must((query, to) => query.From is not { } from || to is not { } until || until.Value >= from.Value)
                .WithMessage("to cannot be before from.");
            RuleFor(x => x.Page).PageNumber();
            RuleFor(x => x.PageSize).InclusiveBetween(1, 500);
        }
    }

    public sealed class Handler(IQuerySession session) : IQueryHandler<Query, Page<Entry>>
    {
        public async ValueTask<Page<Entry>> Handle(Query query, CancellationToken cancellationToken)
        {
            var events = session.Events.QueryAllRawEvents().Where(e => e.EventTypeName != "tombstone");
            if (query.Actor is { Length: > 0 } actor)
            {
                events = events.Where(e => e.UserName == actor);
            }

            if (query.Record is { } record)
            {
                events = events.Where(e => e.StreamId == record);
            }

            if (query.From?.Value.ToUniversalTime() is { } from)
            {
                events = events.Where(e => e.Timestamp >= from);
            }

            if (query.To?.Value.ToUniversalTime() is { } to)
            {
                events = events.Where(e => e.Timestamp <= to);
            }

            var total = await events.CountAsync(cancellationToken);
            var page = await events.OrderByDescending(e => e.Sequence)
                .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
                .ToListAsync(cancellationToken);
            return new Page<Entry>(
                [.. page.Select(e => new Entry(
                    e.Sequence, e.StreamId, e.Data.GetType().Namespace?.Split('.')[^1] ?? "", e.Version, e.Timestamp, e.Data.GetType().Name,
                    e.GetHeader(EventStore.ActorHeader)?.ToString() ?? e.UserName,
                    e.GetHeader(EventStore.ActorNameHeader)?.ToString(),
                    e.GetHeader(EventStore.RoleHeader)?.ToString(),
                    e.CorrelationId, e.CausationId))],
                query.Page, query.PageSize, total);
        }
    }
}
