using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Collaborations;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Meetings;
using FluentValidation;
using Marten;
using Marten.Pagination;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace AlfaPlatform.Server.Notifications;

/// <summary>A notification as its reader sees it, with whether they have read it.</summary>
/// <param name="Subject">What it is about: <c>Request</c> (a collaboration request) or <c>Meeting</c>; <paramref name="SubjectId"/> is its id.</param>
/// <param name="Audience">Which of the reader's inboxes it came to (<c>staff</c>, their company, one of their teams, or themselves as a meeting's registrant).</param>
/// <param name="Time">A rescheduled meeting's new dates.</param>
/// <param name="Place">A moved meeting's new place.</param>
/// <param name="Words">What <see cref="Text"/> says as a template (English, one of a fixed list) and its facts (a day as <c>yyyy-MM-dd</c>, a decline reason or agreement kind by name), for a client that says it in another language.</param>
public sealed record NotificationResponse(
    Guid Id,
    NotificationSubject Subject,
    Guid SubjectId,
    string SubjectTitle,
    NotificationKind Kind,
    string Text,
    DateTimeOffset At,
    bool Read,
    string Audience,
    Guid? TargetId,
    DateOnly? DueOn,
    DeclineReason? Reason,
    string? Message,
    NotifiedTime? Time,
    MeetingPlace? Place,
    Phrase? Words)
{
    public static NotificationResponse From(Notification n, bool read) =>
        new(n.Id, n.Subject, n.SubjectId, n.SubjectTitle, n.Kind, n.Text, n.At, read, n.Audience, n.TargetId, n.DueOn, n.Reason, n.Message,
            n.Time is { } time ? NotifiedTime.From(time) : null, n.Place, n.Words);
}

/// <summary>A meeting's dates: local, in their IANA time zone, and the UTC instants they are.</summary>
public sealed record NotifiedTime(DateTime Start, DateTime End, string TimeZone, DateTimeOffset StartsAt, DateTimeOffset EndsAt)
{
    public static NotifiedTime From(MeetingTime time) => new(time.Start, time.End, time.TimeZone, time.StartUtc, time.EndUtc);
}

/// <summary>One notification one reader marked as read (the reader: an account id, <c>client:{id}</c> or an external subject).</summary>
public sealed record NotificationRead(string Id, string Reader, Guid NotificationId, DateTimeOffset NotificationAt)
{
    public static string IdFor(string reader, Guid notificationId) => $"{reader}|{notificationId:N}";
}

/// <summary>A reader marked everything read up to <see cref="Through"/> (the newest notification they had then).</summary>
public sealed record NotificationReadThrough(string Id, DateTimeOffset Through);

/// <summary>
/// The caller's audiences, worked out when they read, never stored with the notifications: staff read <c>staff</c>,
/// a partner its own company's inbox, a member the inboxes of the teams they are active in today and of those teams'
/// organisations (as Collaborations decides which requests they see). A member who joins a team sees
/// what is in its inbox, from before they joined too; one who leaves no longer sees it. Each also reads their own
/// inbox as a meeting registrant, under the id they register as (<see cref="CallerIdentity.PersonOrPartnerAccountAsync"/>):
/// the person linked to their account (staff, members), or a partner person's own account; a partner's colleagues
/// and its API clients do not read it. Viewers are party to no request: the route refuses them.
/// </summary>
public sealed class ReaderInbox(IQuerySession session, Caller caller, CallerIdentity identity)
{
    public string Reader => caller.ActorId;

    public async Task<IReadOnlyList<string>> AudiencesAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> parties = caller.Role switch
        {
            Roles.Staff => [Audiences.Staff],
            Roles.Partner => caller.Organisation is { } company && company != Guid.Empty ? [Audiences.Partner(company)] : [],
            Roles.Member => [.. (await identity.MemberTargetsAsync(cancellationToken)).Select(Audiences.Target)],
            _ => [],
        };
        return caller.Role is Roles.Staff or Roles.Partner or Roles.Member && await identity.PersonOrPartnerAccountAsync(cancellationToken) is { } registrant
            ? [.. parties, Audiences.Registrant(registrant)]
            : parties;
    }

    /// <summary>The caller's notifications, but never those of their own actions.</summary>
    public async Task<IQueryable<Notification>> VisibleAsync(CancellationToken cancellationToken)
    {
        var audiences = (await AudiencesAsync(cancellationToken)).ToArray();
        var reader = Reader;
        return session.Query<Notification>().Where(n => audiences.Contains(n.Audience) && n.ActorId != reader);
    }

    /// <summary>One of the caller's notifications, or null: someone else's is none of their business (404).</summary>
    public async Task<Notification?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        await session.LoadAsync<Notification>(id, cancellationToken) is { } notification
        && notification.ActorId != Reader
        && (await AudiencesAsync(cancellationToken)).Contains(notification.Audience)
            ? notification
            : null;

    public async Task<DateTimeOffset> ReadThroughAsync(CancellationToken cancellationToken) =>
        (await session.LoadAsync<NotificationReadThrough>(Reader, cancellationToken))?.Through ?? DateTimeOffset.MinValue;
}

public static class MyNotifications
{
    public sealed record Query(
        [FromQuery(Name = "unread")] bool Unread = false,
        [FromQuery(Name = "page")] int Page = 1,
        [FromQuery(Name = "pageSize")] int PageSize = 50) : IQuery<Page<NotificationResponse>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(x => x.Page).PageNumber();
            RuleFor(x => x.PageSize).InclusiveBetween(1, 200);
        }
    }

    /// <summary>Newest first; read or not by the reader's marks.</summary>
    public sealed class Handler(IQuerySession session, ReaderInbox inbox) : IQueryHandler<Query, Page<NotificationResponse>>
    {
        public async ValueTask<Page<NotificationResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            var through = await inbox.ReadThroughAsync(cancellationToken);
            var reader = inbox.Reader;
            // Marks past the read-all point only: read-all clears those before it.
            var marked = (await session.Query<NotificationRead>()
                .Where(r => r.Reader == reader && r.NotificationAt > through)
                .Select(r => r.NotificationId)
                .ToListAsync(cancellationToken)).ToArray();

            var visible = await inbox.VisibleAsync(cancellationToken);
            if (query.Unread)
            {
                visible = visible.Where(n => n.At > through && !marked.Contains(n.Id));
            }

            var page = await visible
                .OrderByDescending(n => n.At).ThenByDescending(n => n.Sequence).ThenBy(n => n.Audience)
                .ToPagedListAsync(query.Page, query.PageSize, cancellationToken);
            return new Page<NotificationResponse>(
                [.. page.Select(n => NotificationResponse.From(n, n.At <= through || marked.Contains(n.Id)))],
                query.Page, query.PageSize, page.TotalItemCount);
        }
    }
}

/// <summary>The reader marks one of their notifications read; another's, or one they cannot see, does not exist (404).</summary>
public static class MarkNotificationRead
{
    public sealed record Command(Guid NotificationId) : ICommand<Outcome<NotificationResponse>>;

    public sealed class Handler(IDocumentSession session, ReaderInbox inbox) : ICommandHandler<Command, Outcome<NotificationResponse>>
    {
        public async ValueTask<Outcome<NotificationResponse>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await inbox.FindAsync(command.NotificationId, cancellationToken) is not { } notification)
            {
                return Rejection.NotFound("The notification");
            }

            if (notification.At > await inbox.ReadThroughAsync(cancellationToken))
            {
                session.Store(new NotificationRead(
                    NotificationRead.IdFor(inbox.Reader, notification.Id), inbox.Reader, notification.Id, notification.At));
                await session.SaveChangesAsync(cancellationToken);
            }

            return NotificationResponse.From(notification, read: true);
        }
    }
}

/// <summary>
/// The reader marks everything read up to their newest notification: one mark per reader, whatever the number of
/// notifications. A notification whose event committed a moment after this, yet stamped earlier than the newest
/// one, would count as read too; appends stamp their events when they are made, so that window is the time of
/// one append.
/// </summary>
public static class MarkAllNotificationsRead
{
    public sealed record Command : ICommand<Outcome<bool>>;

    public sealed class Handler(IDocumentSession session, ReaderInbox inbox) : ICommandHandler<Command, Outcome<bool>>
    {
        public async ValueTask<Outcome<bool>> Handle(Command command, CancellationToken cancellationToken)
        {
            var newest = await (await inbox.VisibleAsync(cancellationToken))
                .OrderByDescending(n => n.At)
                .Select(n => n.At)
                .Take(1)
                .ToListAsync(cancellationToken);
            var before = await inbox.ReadThroughAsync(cancellationToken);
            if (newest.Count == 0 || newest[0] <= before)
            {
                return true;
            }

            var reader = inbox.Reader;
            var through = newest[0];
            session.Store(new NotificationReadThrough(reader, through));
            session.DeleteWhere<NotificationRead>(r => r.Reader == reader && r.NotificationAt <= through);
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }
}

public static class NotificationEndpoints
{
    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        // The parties to requests: staff, partners, members. A viewer is party to none (403, as for /api/collaborations).
        var notifications = app.MapGroup("/api/me/notifications").WithTags("Notifications").ProducesValidationProblem()
            .RequireAuthorization(Policies.RequestParties);

        notifications.MapGet("/", async ([AsParameters] MyNotifications.Query query, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(query, ct)))
            .WithSummary("Your notifications about collaboration requests and the meetings you registered for, newest first (?unread=true&page=&pageSize=).");
        notifications.MapPost("/{id:guid}/read", async (Guid id, IMediator mediator, CancellationToken ct) =>
                ProblemMapping.Respond(await mediator.Send(new MarkNotificationRead.Command(id), ct), TypedResults.Ok))
            .Produces<NotificationResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Mark one of your notifications read.");
        notifications.MapPost("/read-all", async (IMediator mediator, CancellationToken ct) =>
                ProblemMapping.Respond(await mediator.Send(new MarkAllNotificationsRead.Command(), ct), _ => TypedResults.NoContent()))
            .Produces(StatusCodes.Status204NoContent)
            .WithSummary("Mark all your notifications read.");
        return app;
    }
}
