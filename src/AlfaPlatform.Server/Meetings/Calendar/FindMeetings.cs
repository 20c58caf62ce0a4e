using System.Linq.Expressions;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace AlfaPlatform.Server.Meetings;

public enum MeetingPeriod
{
    Upcoming,
    Past,
}

/// <summary>
/// The calendar: the meetings the caller may see (anyone: public ones; the network: members-only ones too; staff:
/// drafts too), upcoming (soonest first) or past (latest first), by kind, organiser and month. Live or as of a date.
/// </summary>
public static class FindMeetings
{
    public sealed record Query(
        [FromQuery(Name = "when")] Named<MeetingPeriod>? When = null,
        [FromQuery(Name = "kind")] Named<MeetingKind>? Kind = null,
        [FromQuery(Name = "organisationId")] Guid? OrganisationId = null,
        [FromQuery(Name = "month")] CalendarMonth? Month = null,
        [FromQuery(Name = "page")] int Page = 1,
        [FromQuery(Name = "pageSize")] int PageSize = 50,
        [FromQuery(Name = "asOf")] Day? AsOf = null) : IQuery<Page<MeetingResponse>>
    {
        internal IEnumerable<Expression<Func<StreamRecord<Meeting>, bool>>> Filters(MeetingAccess access, DateTimeOffset now)
        {
            yield return access.Visible();
            if (Kind?.Value is { } kind)
            {
                yield return m => m.State.Details.Kind == kind;
            }

            if (OrganisationId is { } organisation)
            {
                yield return m => m.State.Details.Organisers.Contains(organisation);
            }

            if (Month is { } month)
            {
                var first = month.First.ToDateTime(TimeOnly.MinValue);
                var next = month.Next.ToDateTime(TimeOnly.MinValue);
                yield return m => m.State.Time.Start < next && m.State.Time.End >= first;
            }

            if (When?.Value == MeetingPeriod.Upcoming)
            {
                yield return m => m.State.EndsAt >= now;
            }
            else if (When?.Value == MeetingPeriod.Past)
            {
                yield return m => m.State.EndsAt < now;
            }
        }
    }

    public sealed class Validator : AsOfValidator<Query>
    {
        public Validator(TimeProvider clock) : base(clock, x => x.AsOf)
        {
            RuleFor(x => x.Page).PageNumber();
            RuleFor(x => x.PageSize).InclusiveBetween(1, 200);
        }
    }

    public sealed class Handler(IQuerySession session, MeetingAccess access, PlatformClock clock) : IQueryHandler<Query, Page<MeetingResponse>>
    {
        public async ValueTask<Page<MeetingResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            var now = query.AsOf is { } day ? StreamHistory.EndOfDay(day) : clock.GetUtcNow();
            var start = query.When?.Value == MeetingPeriod.Past
                ? RecordKey<Meeting>.Descending(m => m.State.StartsAt)
                : RecordKey<Meeting>.Ascending(m => m.State.StartsAt);
            // As of a day, among the meetings the caller may see now: a meeting members-only (or a draft) today is not
            // shown to whoever may not see it, whatever it was then.
            var listing = new RecordListing<Meeting>(query.Filters(access, now), start) { MatchingNow = access.IsStaff ? null : access.Visible() };
            var skip = (query.Page - 1) * query.PageSize;
            var (page, total) = await StreamHistory.PageAsOfAsync(session, query.AsOf, listing, skip, query.PageSize, counted: true, cancellationToken);
            return new Page<MeetingResponse>(await MeetingNames.ShapeAsync(session, page, cancellationToken), query.Page, query.PageSize, total ?? 0);
        }
    }
}
