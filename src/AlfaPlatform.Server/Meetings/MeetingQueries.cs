using System.Linq.Expressions;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Organisations.Contracts;
using AlfaPlatform.Server.People.Contracts;

namespace AlfaPlatform.Server.Meetings;

public sealed record OrganisationRef(Guid Id, string Name);

/// <summary>A meeting as the calendar shows it: local times with their zone and the UTC instants, seats, and every date or place change since publication.</summary>
public sealed record MeetingResponse(
    Guid Id, long Version, string Title, MeetingKind Kind, string? Description, MeetingStatus Status, string? CancellationReason,
    DateTime Start, DateTime End, string TimeZone, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    Venue? Venue, bool Online, string? OnlineUrl, IReadOnlyList<OrganisationRef> Organisers, IReadOnlyList<Chair> Chairs,
    int? Capacity, int Registered, int Waiting, DateOnly? RegistrationOpensOn, DateOnly? RegistrationClosesOn,
    MeetingVisibility Visibility, bool RequiresApproval, IReadOnlyList<NotifiedChange> Changes, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static MeetingResponse From(StreamRecord<Meeting> record, IReadOnlyDictionary<Guid, string> organisations)
    {
        var m = record.State;
        return new MeetingResponse(
            m.Id, record.Version, m.Details.Title, m.Details.Kind, m.Details.Description, m.Status, m.CancellationReason,
            m.Time.Start, m.Time.End, m.Time.TimeZone, m.StartsAt, m.EndsAt, m.Place.Venue, m.Place.Online, m.Place.OnlineUrl,
            [.. m.Details.Organisers.Select(o => new OrganisationRef(o, organisations.GetValueOrDefault(o, "unknown organisation")))], m.Details.Chairs,
            m.Details.Capacity, m.Seated, m.WaitingList.Count(), m.Details.RegistrationOpensOn, m.Details.RegistrationClosesOn,
            m.Details.Visibility, m.Details.RequiresApproval, m.Changes, record.CreatedAt, record.UpdatedAt);
    }
}

internal static class MeetingNames
{
    public static async Task<Dictionary<Guid, string>> OrganisationsAsync(IQuerySession session, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var organisations = await new OrganisationDirectory(session).FindManyAsync(ids, asOf: null, cancellationToken);
        return organisations.Values.ToDictionary(o => o.Id, o => o.Name);
    }

    public static async Task<Dictionary<Guid, string>> PeopleAsync(IQuerySession session, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var people = await new PeopleDirectory(session).FindManyAsync(ids, asOf: null, cancellationToken);
        return people.Values.ToDictionary(p => p.Id, p => p.DisplayName);
    }

    public static async Task<IReadOnlyList<MeetingResponse>> ShapeAsync(IQuerySession session, IReadOnlyList<StreamRecord<Meeting>> records, CancellationToken cancellationToken)
    {
        var organisations = await OrganisationsAsync(session, records.SelectMany(r => r.State.Details.Organisers), cancellationToken);
        return [.. records.Select(r => MeetingResponse.From(r, organisations))];
    }
}

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
            IEnumerable<StreamRecord<Meeting>> found = query.AsOf is { } asOf
                ? query.Filters(access, now).Select(f => f.Compile()).Aggregate(
                    await VisibleNowAsOfAsync(asOf, cancellationToken), (all, filter) => all.Where(filter))
                : await query.Filters(access, now)
                    .Aggregate(session.Query<StreamRecord<Meeting>>().AsQueryable(), (all, filter) => all.Where(filter))
                    .ToListAsync(cancellationToken);
            var ordered = (query.When?.Value == MeetingPeriod.Past
                ? found.OrderByDescending(m => m.State.StartsAt)
                : found.OrderBy(m => m.State.StartsAt)).ThenBy(m => m.Id).ToList();
            var page = ordered.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
            return new Page<MeetingResponse>(await MeetingNames.ShapeAsync(session, page, cancellationToken), query.Page, query.PageSize, ordered.Count);
        }

        /// <summary>
        /// The meetings as of a day, among those the caller may see now: a meeting members-only (or a draft) today is
        /// not shown to whoever may not see it, whatever it was then.
        /// </summary>
        private async Task<IEnumerable<StreamRecord<Meeting>>> VisibleNowAsOfAsync(DateOnly asOf, CancellationToken cancellationToken)
        {
            var then = await StreamHistory.AllAsOfAsync<Meeting>(session, asOf, cancellationToken);
            if (access.IsStaff)
            {
                return then;
            }

            var now = (await session.Query<StreamRecord<Meeting>>().Where(access.Visible()).Select(m => m.Id).ToListAsync(cancellationToken)).ToHashSet();
            return then.Where(m => now.Contains(m.Id));
        }
    }
}

/// <summary>One meeting the caller may see, live or as of a date.</summary>
public static class GetMeeting
{
    public sealed record Query(Guid MeetingId, DateOnly? AsOf = null) : IQuery<MeetingResponse?>;

    public sealed class Validator(TimeProvider clock) : AsOfValidator<Query>(clock, x => x.AsOf);

    public sealed class Handler(IQuerySession session, MeetingAccess access) : IQueryHandler<Query, MeetingResponse?>
    {
        public async ValueTask<MeetingResponse?> Handle(Query query, CancellationToken cancellationToken) =>
            await MeetingRecords.OpenAsync(session, access, query.MeetingId, query.AsOf, cancellationToken) is { } record
                ? (await MeetingNames.ShapeAsync(session, [record], cancellationToken))[0]
                : null;
    }
}

internal static class MeetingRecords
{
    /// <summary>
    /// The record, live or as of a date, when the caller may see it both now and as it was then: a meeting that is
    /// members-only (or a draft) now is hidden from those who may not see it at any date.
    /// </summary>
    public static async Task<StreamRecord<Meeting>?> OpenAsync(IQuerySession session, MeetingAccess access, Guid id, DateOnly? asOf, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<StreamRecord<Meeting>>(id, cancellationToken) is not { } current || !access.MaySee(current.State))
        {
            return null;
        }

        if (asOf is not { } day)
        {
            return current;
        }

        var then = await StreamHistory.AsOfAsync<Meeting>(session, id, day, cancellationToken);
        return then is not null && access.MaySee(then.State) ? then : null;
    }
}

public sealed record ContributionResponse(
    Guid Id, string Title, string Abstract, Guid PresenterId, string Presenter, IReadOnlyList<string> Authors, Guid? TeamId,
    ContributionStatus Status, string? ReviewNote, Guid? SessionId);

/// <summary>A contribution as the public programme shows it: no review note, no person ids (the presenter by name).</summary>
public sealed record ProgrammeContribution(Guid Id, string Title, string Abstract, string Presenter, IReadOnlyList<string> Authors, Guid? TeamId);

/// <summary>A chair as the public programme shows it: by name only.</summary>
public sealed record ProgrammeChair(string Name);

public sealed record SessionResponse(
    Guid Id, string Title, SessionKind Kind, DateTime Start, DateTime End, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Room,
    IReadOnlyList<ProgrammeChair> Chairs, IReadOnlyList<ProgrammeContribution> Contributions);

public sealed record ProgrammeResponse(Guid MeetingId, string Title, string TimeZone, DateOnly? AsOf, IReadOnlyList<SessionResponse> Sessions);

/// <summary>
/// The programme: sessions in time order, each with the accepted contributions scheduled into it. It is public for
/// public meetings, so it carries no review note and no person id, for anyone (staff read those in the contributions).
/// </summary>
public static class GetProgramme
{
    public sealed record Query(Guid MeetingId, DateOnly? AsOf = null) : IQuery<ProgrammeResponse?>;

    public sealed class Validator(TimeProvider clock) : AsOfValidator<Query>(clock, x => x.AsOf);

    public sealed class Handler(IQuerySession session, MeetingAccess access) : IQueryHandler<Query, ProgrammeResponse?>
    {
        public async ValueTask<ProgrammeResponse?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await MeetingRecords.OpenAsync(session, access, query.MeetingId, query.AsOf, cancellationToken) is not { State: var m })
            {
                return null;
            }

            var scheduled = m.Contributions.Where(c => c.Status == ContributionStatus.Accepted && c.SessionId is not null).ToList();
            var people = await MeetingNames.PeopleAsync(session, scheduled.Select(c => c.PresenterId), cancellationToken);
            return new ProgrammeResponse(m.Id, m.Details.Title, m.Time.TimeZone, query.AsOf, [.. m.Sessions.OrderBy(s => s.Start).ThenBy(s => s.Title).Select(s =>
                new SessionResponse(s.Id, s.Title, s.Kind, s.Start, s.End, m.Time.ToUtc(s.Start), m.Time.ToUtc(s.End), s.Room,
                    [.. s.Chairs.Select(c => new ProgrammeChair(c.Name))],
                    [.. scheduled.Where(c => c.SessionId == s.Id).Select(c => new ProgrammeContribution(
                        c.Id, c.Title, c.Abstract, people.GetValueOrDefault(c.PresenterId, "unknown person"), c.Authors, c.TeamId))]))]);
        }
    }
}

internal static class Contributions
{
    public static ContributionResponse Shape(Contribution c, IReadOnlyDictionary<Guid, string> people) =>
        new(c.Id, c.Title, c.Abstract, c.PresenterId, people.GetValueOrDefault(c.PresenterId, "unknown person"), c.Authors, c.TeamId, c.Status, c.ReviewNote, c.SessionId);
}

/// <summary>One contribution: staff, or whoever submitted or presents it (anyone else: 404). Where a submission's Location points.</summary>
public static class GetContribution
{
    public sealed record Query(Guid MeetingId, Guid ContributionId) : IQuery<ContributionResponse?>;

    public sealed class Handler(IQuerySession session, MeetingAccess access) : IQueryHandler<Query, ContributionResponse?>
    {
        public async ValueTask<ContributionResponse?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await access.OpenAsync(query.MeetingId, cancellationToken) is not { State: var m }
                || m.Contributions.FirstOrDefault(c => c.Id == query.ContributionId) is not { } contribution)
            {
                return null;
            }

            if (!access.IsStaff && await access.CallerPersonAsync(cancellationToken) is var me && me != contribution.SubmittedBy && me != contribution.PresenterId)
            {
                return null;
            }

            return Contributions.Shape(contribution, await MeetingNames.PeopleAsync(session, [contribution.PresenterId], cancellationToken));
        }
    }
}

/// <summary>Every contribution submitted to a meeting, for review (staff), optionally by status.</summary>
public static class FindContributions
{
    public sealed record Query(Guid MeetingId, ContributionStatus? Status = null) : IQuery<IReadOnlyList<ContributionResponse>?>;

    public sealed class Handler(IQuerySession session) : IQueryHandler<Query, IReadOnlyList<ContributionResponse>?>
    {
        public async ValueTask<IReadOnlyList<ContributionResponse>?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await session.LoadAsync<StreamRecord<Meeting>>(query.MeetingId, cancellationToken) is not { State: var m })
            {
                return null;
            }

            var people = await MeetingNames.PeopleAsync(session, m.Contributions.Select(c => c.PresenterId), cancellationToken);
            return [.. m.Contributions.Where(c => query.Status is null || c.Status == query.Status).Select(c => Contributions.Shape(c, people))];
        }
    }
}

/// <param name="WaitingPosition">1 for the first on the waiting list; null when not waiting.</param>
/// <param name="ChangesSinceRegistered">Date and place changes made after this registration: what the registrant must be told.</param>
public sealed record RegistrationResponse(
    Guid RegistrantId, RegistrantKind Kind, string Name, Guid? OrganisationId, int Arrival, RegistrationStatus Status, int? WaitingPosition,
    bool ByStaff, bool Promoted, DateOnly? CheckedInOn, string? Reason, IReadOnlyList<NotifiedChange> ChangesSinceRegistered)
{
    public static RegistrationResponse From(Meeting meeting, Registration r)
    {
        var position = r.Status == RegistrationStatus.Waiting ? meeting.WaitingList.TakeWhile(w => w.Arrival != r.Arrival).Count() + 1 : (int?)null;
        return new RegistrationResponse(r.Registrant.Id, r.Registrant.Kind, r.Registrant.Name, r.Registrant.OrganisationId, r.Arrival, r.Status,
            position, r.ByStaff, r.Promoted, r.CheckedInOn, r.Reason, [.. meeting.ChangesSince(r)]);
    }
}

public sealed record RegistrationsResponse(
    Guid MeetingId, long Version, DateOnly? AsOf, int? Capacity, IReadOnlyList<RegistrationResponse> Registered, IReadOnlyList<RegistrationResponse> WaitingList,
    IReadOnlyList<RegistrationResponse> PendingApproval, IReadOnlyList<RegistrationResponse> Cancelled, IReadOnlyList<RegistrationResponse> Declined);

/// <summary>A meeting's registrations (staff): seated in arrival order, the waiting list in its order, pending, cancelled, declined.</summary>
public static class GetRegistrations
{
    public sealed record Query(Guid MeetingId, DateOnly? AsOf = null) : IQuery<RegistrationsResponse?>;

    public sealed class Validator(TimeProvider clock) : AsOfValidator<Query>(clock, x => x.AsOf);

    public sealed class Handler(IQuerySession session, MeetingAccess access) : IQueryHandler<Query, RegistrationsResponse?>
    {
        public async ValueTask<RegistrationsResponse?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await MeetingRecords.OpenAsync(session, access, query.MeetingId, query.AsOf, cancellationToken) is not { State: var m } record)
            {
                return null;
            }

            List<RegistrationResponse> With(RegistrationStatus status) =>
                [.. m.Registrations.Where(r => r.Status == status).OrderBy(r => r.Arrival).Select(r => RegistrationResponse.From(m, r))];
            return new RegistrationsResponse(m.Id, record.Version, query.AsOf, m.Details.Capacity, With(RegistrationStatus.Registered), With(RegistrationStatus.Waiting),
                With(RegistrationStatus.PendingApproval), With(RegistrationStatus.Cancelled), With(RegistrationStatus.Declined));
        }
    }
}

/// <summary>The caller's registration to one meeting (the answer to registering), or null when they have none.</summary>
public static class GetMyRegistration
{
    public sealed record Query(Guid MeetingId, Guid RegistrantId) : IQuery<RegistrationResponse?>;

    public sealed class Handler(IQuerySession session) : IQueryHandler<Query, RegistrationResponse?>
    {
        public async ValueTask<RegistrationResponse?> Handle(Query query, CancellationToken cancellationToken) =>
            await session.LoadAsync<StreamRecord<Meeting>>(query.MeetingId, cancellationToken) is { State: var m }
            && m.LatestRegistration(query.RegistrantId) is { } registration
                ? RegistrationResponse.From(m, registration)
                : null;
    }
}

public sealed record MyMeetingRegistration(MeetingResponse Meeting, RegistrationResponse Registration);

public sealed record MyContribution(Guid MeetingId, string MeetingTitle, ContributionResponse Contribution);

public sealed record MyMeetingsResponse(Guid? RegistrantId, IReadOnlyList<MyMeetingRegistration> Registrations, IReadOnlyList<MyContribution> Contributions);

/// <summary>
/// The caller's own registrations (each with its waiting position and the changes of date or place made since they
/// registered) and the contributions they submitted or present.
/// </summary>
public static class GetMyMeetings
{
    public sealed record Query : IQuery<MyMeetingsResponse>;

    public sealed class Handler(IQuerySession session, MeetingAccess access) : IQueryHandler<Query, MyMeetingsResponse>
    {
        public async ValueTask<MyMeetingsResponse> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await access.CallerRegistrantIdAsync(cancellationToken) is not { } me)
            {
                return new MyMeetingsResponse(null, [], []);
            }

            var meetings = await session.Query<StreamRecord<Meeting>>()
                .Where(m => m.State.Registrations.Any(r => r.Registrant.Id == me) || m.State.Contributions.Any(c => c.PresenterId == me || c.SubmittedBy == me))
                .ToListAsync(cancellationToken);
            var visible = meetings.Where(m => access.MaySee(m.State)).OrderBy(m => m.State.StartsAt).ToList();
            var shaped = (await MeetingNames.ShapeAsync(session, visible, cancellationToken)).ToDictionary(m => m.Id);
            var contributions = visible.SelectMany(m => m.State.Contributions.Where(c => c.PresenterId == me || c.SubmittedBy == me).Select(c => (Meeting: m.State, c))).ToList();
            var people = await MeetingNames.PeopleAsync(session, contributions.Select(x => x.c.PresenterId), cancellationToken);
            return new MyMeetingsResponse(
                me,
                [.. visible.Where(m => m.State.LatestRegistration(me) is not null)
                    .Select(m => new MyMeetingRegistration(shaped[m.Id], RegistrationResponse.From(m.State, m.State.LatestRegistration(me)!)))],
                [.. contributions.Select(x => new MyContribution(x.Meeting.Id, x.Meeting.Details.Title, Contributions.Shape(x.c, people)))]);
        }
    }
}

public sealed record OrganisationAttendance(Guid? OrganisationId, string Name, int Registered, int Waiting, int CheckedIn);

public sealed record MeetingAttendanceResponse(
    Guid MeetingId, string Title, MeetingStatus Status, DateOnly? AsOf, int? Capacity, int Registered, int Waiting, int PendingApproval, int CheckedIn,
    IReadOnlyList<OrganisationAttendance> ByOrganisation);

/// <summary>Counts only (no names): seats, waiting list, check-ins, per registrant organisation.</summary>
public static class GetAttendance
{
    public sealed record Query(Guid MeetingId, DateOnly? AsOf = null) : IQuery<MeetingAttendanceResponse?>;

    public sealed class Validator(TimeProvider clock) : AsOfValidator<Query>(clock, x => x.AsOf);

    public sealed class Handler(IQuerySession session, MeetingAccess access) : IQueryHandler<Query, MeetingAttendanceResponse?>
    {
        public async ValueTask<MeetingAttendanceResponse?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await MeetingRecords.OpenAsync(session, access, query.MeetingId, query.AsOf, cancellationToken) is not { State: var m })
            {
                return null;
            }

            var byOrganisation = await Attendance.ByOrganisationAsync(session, m.Registrations, access.HidesPartners, cancellationToken);
            return new MeetingAttendanceResponse(m.Id, m.Details.Title, m.Status, query.AsOf, m.Details.Capacity, m.Seated, m.WaitingList.Count(),
                m.Registrations.Count(r => r.Status == RegistrationStatus.PendingApproval), m.Registrations.Count(r => r.CheckedInOn is not null), byOrganisation);
        }
    }
}

internal static class Attendance
{
    /// <param name="hidePartners">Members: partner companies are counted together as "Partner companies", never named.</param>
    public static async Task<IReadOnlyList<OrganisationAttendance>> ByOrganisationAsync(
        IQuerySession session, IEnumerable<Registration> registrations, bool hidePartners, CancellationToken cancellationToken)
    {
        var active = registrations.Where(r => r.IsActive).ToList();
        var ids = active.Select(r => r.Registrant.OrganisationId).OfType<Guid>().Distinct().ToArray();
        var organisations = await new OrganisationDirectory(session).FindManyAsync(ids, asOf: null, cancellationToken);
        (Guid? Id, string Name) Group(Guid? id) => id is not { } known
            ? (null, "no organisation")
            : !organisations.TryGetValue(known, out var o)
                ? (known, "unknown organisation")
                : hidePartners && o.Kind == OrganisationKind.PartnerCompany ? (null, "Partner companies") : (known, o.Name);
        return [.. active.GroupBy(r => Group(r.Registrant.OrganisationId)).Select(g => new OrganisationAttendance(
                g.Key.Id, g.Key.Name,
                g.Count(r => r.Status == RegistrationStatus.Registered), g.Count(r => r.Status == RegistrationStatus.Waiting), g.Count(r => r.CheckedInOn is not null)))
            .OrderByDescending(a => a.Registered).ThenBy(a => a.Name, StringComparer.Ordinal)];
    }
}

public sealed record OrganisationMeetingAttendance(Guid MeetingId, string Title, DateTimeOffset StartsAt, MeetingStatus Status, int Registered, int Waiting, int CheckedIn);

public sealed record OrganisationAttendanceResponse(Guid OrganisationId, string Name, DateOnly? AsOf, int Meetings, int Registered, int CheckedIn, IReadOnlyList<OrganisationMeetingAttendance> PerMeeting);

/// <summary>An organisation's attendance across the meetings the caller may see: its people registered and checked in, per meeting.</summary>
public static class GetOrganisationAttendance
{
    public sealed record Query(Guid OrganisationId, DateOnly? AsOf = null) : IQuery<OrganisationAttendanceResponse?>;

    public sealed class Validator(TimeProvider clock) : AsOfValidator<Query>(clock, x => x.AsOf);

    public sealed class Handler(IQuerySession session, MeetingAccess access) : IQueryHandler<Query, OrganisationAttendanceResponse?>
    {
        public async ValueTask<OrganisationAttendanceResponse?> Handle(Query query, CancellationToken cancellationToken)
        {
            // Members never see a partner company's attendance by name: for them it does not exist.
            if (await new OrganisationDirectory(session).FindAsync(query.OrganisationId, cancellationToken) is not { } organisation
                || access.HidesPartners && organisation.Kind == OrganisationKind.PartnerCompany)
            {
                return null;
            }

            var id = query.OrganisationId;
            var meetings = query.AsOf is { } asOf
                ? [.. (await StreamHistory.AllAsOfAsync<Meeting>(session, asOf, cancellationToken)).Where(m => m.State.Registrations.Any(r => r.Registrant.OrganisationId == id))]
                : await session.Query<StreamRecord<Meeting>>().Where(m => m.State.Registrations.Any(r => r.Registrant.OrganisationId == id)).ToListAsync(cancellationToken);
            var per = meetings.Where(m => access.MaySee(m.State)).OrderBy(m => m.State.StartsAt).Select(m =>
            {
                var mine = m.State.Registrations.Where(r => r.Registrant.OrganisationId == id && r.IsActive).ToList();
                return new OrganisationMeetingAttendance(m.Id, m.State.Details.Title, m.State.StartsAt, m.State.Status,
                    mine.Count(r => r.Status == RegistrationStatus.Registered), mine.Count(r => r.Status == RegistrationStatus.Waiting), mine.Count(r => r.CheckedInOn is not null));
            }).Where(a => a.Registered + a.Waiting > 0).ToList();
            return new OrganisationAttendanceResponse(id, organisation.Name, query.AsOf, per.Count, per.Sum(p => p.Registered), per.Sum(p => p.CheckedIn), per);
        }
    }
}

public static class GetMeetingHistory
{
    public sealed record Query(Guid MeetingId) : IQuery<IReadOnlyList<HistoryEntry>?>;

    public sealed class Handler(IQuerySession session, IOptions<JsonOptions> json) : IQueryHandler<Query, IReadOnlyList<HistoryEntry>?>
    {
        public async ValueTask<IReadOnlyList<HistoryEntry>?> Handle(Query query, CancellationToken cancellationToken) =>
            await StreamHistory.HistoryAsync<Meeting>(session, query.MeetingId, json.Value.SerializerOptions, cancellationToken);
    }
}
