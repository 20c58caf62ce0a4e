using AlfaPlatform.Server.Infrastructure.Security;
using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Marten;
using Mediator;
using AlfaPlatform.Server.Organisations.Contracts;

namespace AlfaPlatform.Server.Meetings;

/// <summary>The fields staff describe a meeting with, shared by creation and later changes.</summary>
public interface IMeetingDetailsBody
{
    string? Title { get; }
    MeetingKind? Kind { get; }
    string? Description { get; }
    IReadOnlyList<Guid>? Organisers { get; }
    IReadOnlyList<Chair>? Chairs { get; }
    int? Capacity { get; }
    DateOnly? RegistrationOpensOn { get; }
    DateOnly? RegistrationClosesOn { get; }
    MeetingVisibility? Visibility { get; }
    bool? RequiresApproval { get; }
}

internal static class MeetingRules
{
    public static MeetingDetails Details(IMeetingDetailsBody body) => new(
        body.Title!, body.Kind!.Value, body.Description, body.Organisers ?? [], body.Chairs ?? [], body.Capacity,
        body.RegistrationOpensOn, body.RegistrationClosesOn, body.Visibility ?? MeetingVisibility.Public, body.RequiresApproval ?? false);

    public static void DetailsRules<T>(AbstractValidator<T> v) where T : IMeetingDetailsBody
    {
        v.RuleFor(x => x.Title).NotEmpty().MaximumLength(300);
        v.RuleFor(x => x.Kind).NotNull();
        v.RuleFor(x => x.Description).MaximumLength(5000);
        v.RuleFor(x => x.Organisers).Must(o => o is null || o.Count <= 50).WithMessage("At most 50 organisers.");
        v.RuleFor(x => x.Chairs).Must(c => c is null || c.Count <= 50).WithMessage("At most 50 chairs.");
        v.RuleForEach(x => x.Chairs).NotNull().WithMessage("A chair is {\"name\": …}, with an optional personId.")
            .ChildRules(chair => chair.RuleFor(c => c.Name).NotEmpty().MaximumLength(200));
        v.RuleFor(x => x.Capacity).InclusiveBetween(1, 1_000_000);
        v.RuleFor(x => x.RegistrationClosesOn).GreaterThanOrEqualTo(x => x.RegistrationOpensOn)
            .When(x => x.RegistrationOpensOn is not null && x.RegistrationClosesOn is not null).WithMessage("Registration closes after it opens.");
    }

    public static void TimeRules<T>(AbstractValidator<T> v, Func<T, DateTime?> start, Func<T, DateTime?> end, Func<T, string?> zone)
    {
        v.RuleFor(x => start(x)).NotNull().Must(Local).WithName("start").WithMessage("start is a local date-time without offset (such as 2025-11-19T09:00), in timeZone.");
        v.RuleFor(x => end(x)).NotNull().Must(Local).WithName("end").WithMessage("end is a local date-time without offset (such as 2025-11-21T17:00), in timeZone.");
        v.RuleFor(x => zone(x)).NotEmpty().Must(MeetingTime.IsKnownZone).WithName("timeZone").WithMessage("timeZone is an IANA time zone, such as Europe/Paris.");
        v.RuleFor(x => end(x)).Must((x, e) => e > start(x)).When(x => start(x) is not null && end(x) is not null).WithName("end").WithMessage("end comes after start.");
        v.RuleFor(x => start(x)).Must((x, s) => MeetingTime.Exists(s!.Value, zone(x)!))
            .When(x => start(x) is not null && MeetingTime.IsKnownZone(zone(x))).WithName("start").WithMessage("This local time does not exist in the time zone (clocks skip it).");
        v.RuleFor(x => end(x)).Must((x, e) => MeetingTime.Exists(e!.Value, zone(x)!))
            .When(x => end(x) is not null && MeetingTime.IsKnownZone(zone(x))).WithName("end").WithMessage("This local time does not exist in the time zone (clocks skip it).");
        v.RuleFor(x => start(x)).Must(s => s!.Value.Year is >= 1900 and <= 2200).When(x => start(x) is not null).WithName("start").WithMessage("start is not a plausible date.");
        v.RuleFor(x => end(x)).Must(e => e!.Value.Year is >= 1900 and <= 2200).When(x => end(x) is not null).WithName("end").WithMessage("end is not a plausible date.");
    }

    public static void PlaceRules<T>(AbstractValidator<T> v, Func<T, Venue?> venue, Func<T, bool?> online, Func<T, string?> url)
    {
        v.RuleFor(x => venue(x)).NotNull().When(x => online(x) != true).WithName("venue").WithMessage("A meeting has a venue, or is online.");
        v.When(x => venue(x) is not null, () =>
        {
            v.RuleFor(x => venue(x)!.Name).NotEmpty().MaximumLength(300).WithName("venue.name");
            v.RuleFor(x => venue(x)!.City).NotEmpty().MaximumLength(200).WithName("venue.city");
            v.RuleFor(x => venue(x)!.Country).NotEmpty().Matches("^[A-Za-z]{2}$").WithName("venue.country").WithMessage("venue.country is an ISO 3166-1 alpha-2 code, such as FR.");
        });
        v.RuleFor(x => url(x)).MaximumLength(2000).Must(u => u is null || Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
            .WithName("onlineUrl").WithMessage("onlineUrl is an http(s) address.");
    }

    public static MeetingPlace Place(Venue? venue, bool? online, string? url) =>
        new(venue is null ? null : venue with { Name = venue.Name.Trim(), City = venue.City.Trim(), Country = venue.Country.Trim().ToUpperInvariant() },
            online ?? venue is null, string.IsNullOrWhiteSpace(url) ? null : url.Trim());

    public static MeetingTime Time(DateTime? start, DateTime? end, string? zone) =>
        new(DateTime.SpecifyKind(start!.Value, DateTimeKind.Unspecified), DateTime.SpecifyKind(end!.Value, DateTimeKind.Unspecified), zone!.Trim());

    private static bool Local(DateTime? value) => value is null || value.Value.Kind == DateTimeKind.Unspecified;

    /// <summary>Organisers are organisations of the platform, not archived.</summary>
    public static async Task<Rejection?> UnknownOrganisersAsync(IQuerySession session, IReadOnlyList<Guid>? organisers, CancellationToken cancellationToken)
    {
        if (organisers is not { Count: > 0 })
        {
            return null;
        }

        var found = await new OrganisationDirectory(session).FindManyAsync(organisers, asOf: null, cancellationToken);
        return found.Values.Count(o => !o.IsArchived) == organisers.Distinct().Count()
            ? null
            : Rejection.Conflict("unknown_organisation", "An organiser does not exist or is archived.");
    }
}

/// <summary>Staff create a meeting, as a draft.</summary>
public static class CreateMeetingOperation
{
    public sealed record Command(
        string? Title, MeetingKind? Kind, DateTime? Start, DateTime? End, string? TimeZone, Venue? Venue = null, bool? Online = null,
        string? OnlineUrl = null, [property: MultiLine] string? Description = null, IReadOnlyList<Guid>? Organisers = null, IReadOnlyList<Chair>? Chairs = null,
        int? Capacity = null, DateOnly? RegistrationOpensOn = null, DateOnly? RegistrationClosesOn = null, MeetingVisibility? Visibility = null,
        bool? RequiresApproval = null) : MeetingChange, IMeetingDetailsBody
    {
        public override MeetingCommand ToDomain() =>
            new CreateMeeting(MeetingRules.Details(this), MeetingRules.Time(Start, End, TimeZone), MeetingRules.Place(Venue, Online, OnlineUrl));
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            MeetingRules.DetailsRules(this);
            MeetingRules.TimeRules(this, x => x.Start, x => x.End, x => x.TimeZone);
            MeetingRules.PlaceRules(this, x => x.Venue, x => x.Online, x => x.OnlineUrl);
        }
    }

    public sealed class Handler(IGrainFactory grains, IQuerySession session) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await MeetingRules.UnknownOrganisersAsync(session, command.Organisers, cancellationToken) is { } refused
                ? CommandResult.Rejected(refused, 0)
                : await command.SendAsync(grains);
    }
}

public static class ChangeMeetingDetailsOperation
{
    public sealed record Command(
        string? Title, MeetingKind? Kind, [property: MultiLine] string? Description = null, IReadOnlyList<Guid>? Organisers = null, IReadOnlyList<Chair>? Chairs = null,
        int? Capacity = null, DateOnly? RegistrationOpensOn = null, DateOnly? RegistrationClosesOn = null, MeetingVisibility? Visibility = null,
        bool? RequiresApproval = null) : MeetingChange, IMeetingDetailsBody
    {
        public override MeetingCommand ToDomain() => new ChangeMeetingDetails(MeetingRules.Details(this));
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            MeetingRules.DetailsRules(this);

            // The details are replaced as a whole: a visibility left out is not silently made public.
            RuleFor(x => x.Visibility).NotNull().WithMessage("visibility is Public or MembersOnly: say which (it is not assumed).");
        }
    }

    public sealed class Handler(IGrainFactory grains, IQuerySession session) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await MeetingRules.UnknownOrganisersAsync(session, command.Organisers, cancellationToken) is { } refused
                ? CommandResult.Rejected(refused, 0)
                : await command.SendAsync(grains);
    }
}

/// <summary>New dates; after publication, kept as a change each registrant is shown.</summary>
public static class RescheduleMeetingOperation
{
    public sealed record Command(DateTime? Start, DateTime? End, string? TimeZone, [property: MultiLine] string? Reason = null) : MeetingChange
    {
        public override MeetingCommand ToDomain() => new RescheduleMeeting(MeetingRules.Time(Start, End, TimeZone), Reason);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            MeetingRules.TimeRules(this, x => x.Start, x => x.End, x => x.TimeZone);
            RuleFor(x => x.Reason).MaximumLength(1000);
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}

/// <summary>A new venue, or online; after publication, kept as a change each registrant is shown.</summary>
public static class MoveMeetingOperation
{
    public sealed record Command(Venue? Venue, bool? Online = null, string? OnlineUrl = null, [property: MultiLine] string? Reason = null) : MeetingChange
    {
        public override MeetingCommand ToDomain() => new MoveMeeting(MeetingRules.Place(Venue, Online, OnlineUrl), Reason);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            MeetingRules.PlaceRules(this, x => x.Venue, x => x.Online, x => x.OnlineUrl);
            RuleFor(x => x.Reason).MaximumLength(1000);
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}

/// <summary>A step of the lifecycle that needs no body (publish, open or close registration, held).</summary>
public static class MeetingStepOperation
{
    public sealed record Command : MeetingChange
    {
        [JsonIgnore]
        public MeetingCommand Step { get; init; } = new PublishMeeting();

        public override MeetingCommand ToDomain() => Step;
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}

public static class CancelMeetingOperation
{
    public sealed record Command([property: MultiLine] string? Reason) : MeetingChange
    {
        public override MeetingCommand ToDomain() => new CancelMeeting(Reason!);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(1000);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}

public static class AddSessionOperation
{
    public sealed record Command(string? Title, SessionKind? Kind, DateTime? Start, DateTime? End, string? Room = null, IReadOnlyList<Chair>? Chairs = null) : MeetingChange
    {
        [JsonIgnore]
        public Guid SessionId { get; init; }

        public override MeetingCommand ToDomain() => new AddSession(
            SessionId, Title!, Kind!.Value, DateTime.SpecifyKind(Start!.Value, DateTimeKind.Unspecified), DateTime.SpecifyKind(End!.Value, DateTimeKind.Unspecified),
            Room, Chairs ?? []);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.Title).NotEmpty().MaximumLength(300);
            RuleFor(x => x.Kind).NotNull();
            RuleFor(x => x.Start).NotNull().Must(s => s is null || s.Value.Kind == DateTimeKind.Unspecified).WithMessage("start is a local date-time, in the meeting's time zone.");
            RuleFor(x => x.End).NotNull().Must(s => s is null || s.Value.Kind == DateTimeKind.Unspecified).WithMessage("end is a local date-time, in the meeting's time zone.");
            RuleFor(x => x.End).GreaterThan(x => x.Start).When(x => x.Start is not null && x.End is not null).WithMessage("end comes after start.");
            RuleFor(x => x.Room).MaximumLength(200);
            RuleFor(x => x.Chairs).Must(c => c is null || c.Count <= 20).WithMessage("At most 20 chairs.");
            RuleForEach(x => x.Chairs).NotNull().WithMessage("A chair is {\"name\": …}, with an optional personId.")
                .ChildRules(chair => chair.RuleFor(c => c.Name).NotEmpty().MaximumLength(200));
        }
    }

    /// <summary>The session's times are local to the meeting's zone: a time the clocks skip there is a 400 naming the field.</summary>
    public sealed class Handler(IGrainFactory grains, IQuerySession session) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await session.LoadAsync<StreamRecord<Meeting>>(command.MeetingId, cancellationToken) is { State.Time.TimeZone: var zone } && MeetingTime.IsKnownZone(zone))
            {
                var skipped = new Dictionary<string, string[]>();
                foreach (var (field, value) in new[] { ("start", command.Start!.Value), ("end", command.End!.Value) })
                {
                    if (!MeetingTime.Exists(value, zone))
                    {
                        skipped[field] = [$"This local time does not exist in {zone} (the clocks skip it)."];
                    }
                }

                if (skipped.Count > 0)
                {
                    throw new RequestValidationException(skipped);
                }
            }

            return await command.SendAsync(grains);
        }
    }
}

public static class RemoveSessionOperation
{
    public sealed record Command(Guid SessionId) : MeetingChange
    {
        public override MeetingCommand ToDomain() => new RemoveSession(SessionId);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}

/// <summary>A member submits a contribution (presented by themselves unless they name a presenter); staff for anyone.</summary>
public static class SubmitContributionOperation
{
    public sealed record Command(string? Title, [property: MultiLine] string? Abstract, Guid? PresenterId = null, IReadOnlyList<string>? Authors = null, Guid? TeamId = null) : MeetingChange, IVisibleRecordStep<Meeting>
    {
        Guid IVisibleRecordStep<Meeting>.RecordId => MeetingId;

        [JsonIgnore]
        public Guid ContributionId { get; init; }

        [JsonIgnore]
        public Guid SubmittedBy { get; init; }

        public override MeetingCommand ToDomain() => new SubmitContribution(ContributionId, Title!, Abstract!, PresenterId!.Value, Authors ?? [], TeamId, SubmittedBy);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.Title).NotEmpty().MaximumLength(300);
            RuleFor(x => x.Abstract).NotEmpty().MaximumLength(10_000);
            RuleFor(x => x.Authors).Must(a => a is null || a.Count <= 100).WithMessage("At most 100 authors.");
            RuleForEach(x => x.Authors).NotEmpty().MaximumLength(200);
        }
    }

    public sealed class Handler(IGrainFactory grains, MeetingAccess access, IQuerySession session) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken)
        {
            var me = await access.CallerPersonAsync(cancellationToken);
            if (!access.IsStaff && me is null)
            {
                return CommandResult.Rejected(Rejection.Conflict("no_linked_person", "Your account is not linked to a person of the directory: ask staff to link it."), 0);
            }

            var presenter = command.PresenterId ?? me;
            if (presenter is null)
            {
                return CommandResult.Rejected(Rejection.Conflict("presenter_required", "Name the presenting person (presenterId)."), 0);
            }

            if (await access.PersonAsRegistrantAsync(presenter.Value, cancellationToken) is { Rejection: { } unknown })
            {
                return CommandResult.Rejected(unknown, 0);
            }

            if (command.TeamId is { } team && await session.LoadAsync<StreamRecord<Domain.Teams.Team>>(team, cancellationToken) is null)
            {
                return CommandResult.Rejected(Rejection.Conflict("unknown_team", "The team does not exist."), 0);
            }

            return await (command with { PresenterId = presenter, SubmittedBy = me ?? presenter.Value }).SendAsync(grains);
        }
    }
}

/// <summary>Staff accept or reject a submitted contribution, with a note.</summary>
public static class ReviewContributionOperation
{
    public sealed record Command([property: MultiLine] string? Note = null) : MeetingChange
    {
        [JsonIgnore]
        public Guid ContributionId { get; init; }

        [JsonIgnore]
        public bool Accept { get; init; }

        public override MeetingCommand ToDomain() => new ReviewContribution(ContributionId, Accept, Note);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.Note).MaximumLength(2000);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}

/// <summary>Whoever submitted or presents a contribution withdraws it; staff may withdraw any.</summary>
public static class WithdrawContributionOperation
{
    public sealed record Command([property: MultiLine] string? Reason = null) : MeetingChange, IVisibleRecordStep<Meeting>
    {
        Guid IVisibleRecordStep<Meeting>.RecordId => MeetingId;

        [JsonIgnore]
        public Guid ContributionId { get; init; }

        public override MeetingCommand ToDomain() => new WithdrawContribution(ContributionId, null, Reason);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.Reason).MaximumLength(1000);
    }

    public sealed class Handler(IGrainFactory grains, MeetingAccess access) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken)
        {
            Guid? by = access.IsStaff ? null : await access.CallerPersonAsync(cancellationToken) ?? Guid.Empty;
            return await grains.GetGrain<IMeetingGrain>(command.MeetingId)
                .ExecuteAsync(new WithdrawContribution(command.ContributionId, by, command.Reason), command.ExpectedVersion);
        }
    }
}

public static class ScheduleContributionOperation
{
    public sealed record Command(Guid? SessionId) : MeetingChange
    {
        [JsonIgnore]
        public Guid ContributionId { get; init; }

        public override MeetingCommand ToDomain() => new ScheduleContribution(ContributionId, SessionId!.Value);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.SessionId).NotNull();
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}

/// <summary>
/// Register: members and partner people themselves; staff register a person of the directory (personId), without the
/// approval step. Past capacity the registration joins the waiting list: that is an answer, not an error.
/// </summary>
public static class RegisterOperation
{
    public sealed record Command(Guid? PersonId = null) : MeetingChange, IVisibleRecordStep<Meeting>
    {
        Guid IVisibleRecordStep<Meeting>.RecordId => MeetingId;

        [JsonIgnore]
        public Registrant? Registrant { get; init; }

        [JsonIgnore]
        public bool ByStaff { get; init; }

        public override MeetingCommand ToDomain() => new Register(Registrant!, ByStaff);
    }

    public sealed class Handler(IGrainFactory grains, MeetingAccess access) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken)
        {
            var me = await access.CallerRegistrantIdAsync(cancellationToken);
            var forSomeoneElse = command.PersonId is { } person && person != me;
            if (forSomeoneElse && !access.IsStaff)
            {
                return CommandResult.Rejected(Rejection.Forbidden("staff_only", "Only staff register someone else."), 0);
            }

            var registrant = forSomeoneElse
                ? await access.PersonAsRegistrantAsync(command.PersonId!.Value, cancellationToken)
                : await access.CallerAsRegistrantAsync(cancellationToken);
            return registrant.Rejection is { } refused
                ? CommandResult.Rejected(refused, 0)
                : await (command with { Registrant = registrant.Value, ByStaff = access.IsStaff }).SendAsync(grains);
        }
    }
}

/// <summary>A registrant cancels their own registration (staff any): the first on the waiting list takes the seat.</summary>
public static class CancelRegistrationOperation
{
    public sealed record Command([property: MultiLine] string? Reason = null) : MeetingChange, IVisibleRecordStep<Meeting>
    {
        Guid IVisibleRecordStep<Meeting>.RecordId => MeetingId;

        [JsonIgnore]
        public Guid RegistrantId { get; init; }

        public override MeetingCommand ToDomain() => new CancelRegistration(RegistrantId, Reason);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.Reason).MaximumLength(1000);
    }

    public sealed class Handler(IGrainFactory grains, MeetingAccess access) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken)
        {
            return access.IsStaff || await access.CallerRegistrantIdAsync(cancellationToken) == command.RegistrantId
                ? await command.SendAsync(grains)
                : CommandResult.Rejected(Rejection.Forbidden("not_yours", "Only the registrant (or staff) cancels a registration."), 0);
        }
    }
}

/// <summary>Staff steps on one registration: approve, decline, check in at the venue.</summary>
public static class RegistrationStepOperation
{
    public sealed record Command([property: MultiLine] string? Reason = null) : MeetingChange
    {
        [JsonIgnore]
        public Guid RegistrantId { get; init; }

        [JsonIgnore]
        public string Step { get; init; } = "";

        public override MeetingCommand ToDomain() => Step switch
        {
            "approve" => new ApproveRegistration(RegistrantId),
            "decline" => new DeclineRegistration(RegistrantId, Reason),
            "check-in" => new CheckIn(RegistrantId),
            _ => throw new InvalidOperationException($"No registration step {Step}."),
        };
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.Reason).MaximumLength(1000);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}
