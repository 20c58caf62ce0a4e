using AlfaPlatform.Domain.Common;

namespace AlfaPlatform.Domain.Meetings;

/// <summary>
/// The rules of a meeting: its lifecycle, its programme, the review of contributions, and registration. Capacity is
/// never exceeded: past it, registrations wait in arrival order and the first waiting is promoted when a seat frees.
/// </summary>
public static class MeetingDecider
{
    public static Decision Decide(Meeting? state, MeetingCommand command, DateOnly today)
    {
        if (command is CreateMeeting create)
        {
            return state is not null
                ? Rejection.Conflict("already_created", $"Meeting {state.Details.Title} already exists.")
                : Schedule(create.Time) ?? Window(create.Details) ?? (Decision)Decision.Accept(new MeetingCreated(Guid.Empty, Tidy(create.Details), create.Time, create.Place));
        }

        if (state is null)
        {
            return Rejection.NotFound("The meeting");
        }

        if (command is CheckIn checkIn)
        {
            return CheckInto(state, checkIn, today);
        }

        if (state.Status is MeetingStatus.Cancelled or MeetingStatus.Held)
        {
            return Rejection.Conflict(state.Status == MeetingStatus.Held ? "held" : "cancelled",
                $"Meeting {state.Details.Title} is {(state.Status == MeetingStatus.Held ? "over" : "cancelled")} and can no longer change.");
        }

        return command switch
        {
            ChangeMeetingDetails change => ChangeDetails(state, change),
            RescheduleMeeting reschedule => Schedule(reschedule.Time) ?? OutsideSessions(state, reschedule.Time)
                ?? (reschedule.Time == state.Time ? Decision.Accept() : Decision.Accept(new MeetingRescheduled(reschedule.Time, reschedule.Reason?.Trim()))),
            MoveMeeting move => move.Place == state.Place ? Decision.Accept() : Decision.Accept(new MeetingMoved(move.Place, move.Reason?.Trim())),
            PublishMeeting => state.Status == MeetingStatus.Draft ? Decision.Accept(new MeetingPublished()) : Decision.Accept(),
            OpenRegistration => state.Status switch
            {
                MeetingStatus.RegistrationOpen => Decision.Accept(),
                MeetingStatus.Draft => Rejection.Conflict("not_published", "Publish the meeting before opening registration."),
                _ => Decision.Accept(new RegistrationsOpened()),
            },
            CloseRegistration => state.Status switch
            {
                MeetingStatus.RegistrationClosed => Decision.Accept(),
                MeetingStatus.RegistrationOpen => Decision.Accept(new RegistrationsClosed()),
                _ => Rejection.Conflict("registration_not_open", "Registration is not open."),
            },
            MarkMeetingHeld => state.Status == MeetingStatus.Draft
                ? Rejection.Conflict("not_published", "A draft meeting cannot have been held: publish it first.")
                : today < state.Time.FirstDay
                    ? Rejection.Conflict("not_started", $"The meeting starts on {state.Time.FirstDay:yyyy-MM-dd}: it cannot have been held yet.")
                    : Decision.Accept(new MeetingHeld()),
            CancelMeeting cancel => Decision.Accept(new MeetingCancelled(cancel.Reason.Trim())),
            AddSession add => AddTo(state, add),
            RemoveSession remove => state.Sessions.All(s => s.Id != remove.SessionId)
                ? Rejection.Conflict("unknown_session", "The meeting has no such session.")
                : state.Contributions.Any(c => c.SessionId == remove.SessionId && c.Status == ContributionStatus.Accepted)
                    ? Rejection.Conflict("session_has_contributions", "Contributions are scheduled in this session: schedule them elsewhere first.")
                    : Decision.Accept(new SessionRemoved(remove.SessionId)),
            SubmitContribution submit => Submit(state, submit),
            ReviewContribution review => Review(state, review),
            WithdrawContribution withdraw => Withdraw(state, withdraw),
            ScheduleContribution schedule => ScheduleInto(state, schedule),
            Register register => RegisterFor(state, register, today),
            ApproveRegistration approve => state.ActiveRegistration(approve.RegistrantId) is { Status: RegistrationStatus.PendingApproval }
                ? Decision.Accept(new RegistrationApproved(approve.RegistrantId, Waiting: !state.HasFreeSeat))
                : Rejection.Conflict("not_pending", "No registration of this registrant waits for approval."),
            DeclineRegistration decline => state.ActiveRegistration(decline.RegistrantId) is { Status: RegistrationStatus.PendingApproval or RegistrationStatus.Waiting }
                ? Decision.Accept(new RegistrationDeclined(decline.RegistrantId, decline.Reason?.Trim()))
                : Rejection.Conflict("not_pending", "Only a registration waiting for approval or on the waiting list can be declined."),
            CancelRegistration cancel => CancelFor(state, cancel),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown meeting command."),
        };
    }

    /// <summary>The grain fills in the id it owns; the decider never invents identities.</summary>
    public static Decision WithIdentity(this Decision decision, Guid meetingId) =>
        decision.IsAccepted
            ? Decision.Accept(decision.Events.Select(e => e is MeetingCreated created ? created with { MeetingId = meetingId } : e))
            : decision;

    private static Decision ChangeDetails(Meeting state, ChangeMeetingDetails change)
    {
        var details = Tidy(change.Details);
        if (Window(details) is { } badWindow)
        {
            return badWindow;
        }

        if (details.Visibility == MeetingVisibility.MembersOnly && state.Details.Visibility != MeetingVisibility.MembersOnly
            && state.Registrations.Count(r => r.IsActive && !r.Registrant.IsNetworkMember) is > 0 and var partners)
        {
            return Rejection.Conflict("partner_registrations",
                $"{partners} registrant(s) outside the network (partner companies) are registered: cancel their registrations before making the meeting members-only.");
        }

        if (details.Capacity is { } capacity && capacity < state.Seated)
        {
            return Rejection.Conflict("capacity_below_registered",
                $"{state.Seated} people hold a seat: the capacity cannot drop below that (cancel registrations first).");
        }

        // Records compare lists by reference: compare the lists by content.
        if (details with { Organisers = state.Details.Organisers, Chairs = state.Details.Chairs } == state.Details
            && details.Organisers.SequenceEqual(state.Details.Organisers) && details.Chairs.SequenceEqual(state.Details.Chairs))
        {
            return Decision.Accept();
        }

        // More seats: the waiting list moves up, first in line first.
        var after = state with { Details = details };
        var free = details.Capacity is { } seats ? seats - state.Seated : int.MaxValue;
        return Decision.Accept([new MeetingDetailsChanged(details), .. after.WaitingList.Take(free).Select(r => new PromotedFromWaitingList(r.Registrant.Id))]);
    }

    private static Decision AddTo(Meeting state, AddSession add)
    {
        if (state.Sessions.Any(s => s.Id == add.SessionId))
        {
            return Decision.Accept();
        }

        if (add.End <= add.Start)
        {
            return Rejection.Conflict("end_before_start", "A session ends after it starts.");
        }

        if (!MeetingTime.Exists(add.Start, state.Time.TimeZone) || !MeetingTime.Exists(add.End, state.Time.TimeZone))
        {
            return Rejection.Conflict("time_skipped", $"The session starts or ends at a local time the clocks skip in {state.Time.TimeZone}.");
        }

        return add.Start < state.Time.Start.Date || add.End > state.Time.End.Date.AddDays(1)
            ? Rejection.Conflict("session_outside_meeting", $"Sessions take place during the meeting ({state.Time}).")
            : Decision.Accept(new SessionAdded(add.SessionId, add.Title.Trim(), add.Kind, add.Start, add.End, add.Room?.Trim(), add.Chairs));
    }

    private static Decision Submit(Meeting state, SubmitContribution submit)
    {
        if (state.Contributions.Any(c => c.Id == submit.ContributionId))
        {
            return Decision.Accept();
        }

        return state.Status == MeetingStatus.Draft
            ? Rejection.Conflict("not_published", "Contributions are submitted to a published meeting.")
            : Decision.Accept(new ContributionSubmitted(
                submit.ContributionId, submit.Title.Trim(), submit.Abstract.Trim(), submit.PresenterId,
                [.. submit.Authors.Select(a => a.Trim()).Where(a => a.Length > 0)], submit.TeamId, submit.SubmittedBy));
    }

    private static Decision Review(Meeting state, ReviewContribution review) =>
        state.Contributions.FirstOrDefault(c => c.Id == review.ContributionId) switch
        {
            null => Rejection.Conflict("unknown_contribution", "The meeting has no such contribution."),
            { Status: ContributionStatus.Accepted } when review.Accept => Decision.Accept(),
            { Status: ContributionStatus.Rejected } when !review.Accept => Decision.Accept(),
            { Status: not ContributionStatus.Submitted } c => Rejection.Conflict("already_reviewed", $"The contribution is {c.Status.ToString().ToLowerInvariant()}."),
            _ => review.Accept
                ? Decision.Accept(new ContributionAccepted(review.ContributionId, review.Note?.Trim()))
                : Decision.Accept(new ContributionRejected(review.ContributionId, review.Note?.Trim())),
        };

    private static Decision Withdraw(Meeting state, WithdrawContribution withdraw) =>
        state.Contributions.FirstOrDefault(c => c.Id == withdraw.ContributionId) switch
        {
            null => Rejection.Conflict("unknown_contribution", "The meeting has no such contribution."),
            var c when withdraw.By is { } by && by != c.SubmittedBy && by != c.PresenterId =>
                Rejection.Forbidden("not_submitter", "Only whoever submitted or presents a contribution may withdraw it."),
            { Status: ContributionStatus.Withdrawn } => Decision.Accept(),
            { Status: ContributionStatus.Rejected } => Rejection.Conflict("already_reviewed", "A rejected contribution cannot be withdrawn."),
            _ => Decision.Accept(new ContributionWithdrawn(withdraw.ContributionId, withdraw.Reason?.Trim())),
        };

    private static Decision ScheduleInto(Meeting state, ScheduleContribution schedule) =>
        state.Contributions.FirstOrDefault(c => c.Id == schedule.ContributionId) switch
        {
            null => Rejection.Conflict("unknown_contribution", "The meeting has no such contribution."),
            { Status: not ContributionStatus.Accepted } => Rejection.Conflict("not_accepted", "Only accepted contributions are scheduled."),
            _ when state.Sessions.All(s => s.Id != schedule.SessionId) => Rejection.Conflict("unknown_session", "The meeting has no such session."),
            { SessionId: var current } when current == schedule.SessionId => Decision.Accept(),
            _ => Decision.Accept(new ContributionScheduled(schedule.ContributionId, schedule.SessionId)),
        };

    private static Decision RegisterFor(Meeting state, Register register, DateOnly today)
    {
        var registrant = register.Registrant;
        if (state.Details.Visibility == MeetingVisibility.MembersOnly && !registrant.IsNetworkMember)
        {
            return Rejection.Forbidden("members_only", "This meeting is for the network's members only.");
        }

        if (state.ActiveRegistration(registrant.Id) is not null)
        {
            return Decision.Accept(); // registering twice is a repeat, not a second seat
        }

        if (state.Status != MeetingStatus.RegistrationOpen
            || state.Details.RegistrationOpensOn is { } opens && today < opens && !register.ByStaff)
        {
            return Rejection.Conflict("registration_not_open", "Registration for this meeting is not open.");
        }

        if (state.Details.RegistrationClosesOn is { } closes && today > closes && !register.ByStaff)
        {
            return Rejection.Conflict("registration_closed", $"Registration closed on {closes:yyyy-MM-dd}.");
        }

        var arrival = state.Arrivals + 1;
        if (state.Details.RequiresApproval && !register.ByStaff)
        {
            return Decision.Accept(new RegistrationRequested(registrant, arrival, register.ByStaff));
        }

        return state.HasFreeSeat
            ? Decision.Accept(new RegistrantRegistered(registrant, arrival, register.ByStaff))
            : Decision.Accept(new RegistrantWaitlisted(registrant, arrival, register.ByStaff));
    }

    private static Decision CancelFor(Meeting state, CancelRegistration cancel)
    {
        if (state.ActiveRegistration(cancel.RegistrantId) is not { } registration)
        {
            return state.LatestRegistration(cancel.RegistrantId) is { Status: RegistrationStatus.Cancelled }
                ? Decision.Accept()
                : Rejection.Conflict("not_registered", "This registrant has no registration to cancel.");
        }

        var cancelled = new RegistrationCancelled(cancel.RegistrantId, cancel.Reason?.Trim());
        return registration.Status == RegistrationStatus.Registered && state.WaitingList.FirstOrDefault() is { } next
            ? Decision.Accept(cancelled, new PromotedFromWaitingList(next.Registrant.Id))
            : Decision.Accept(cancelled);
    }

    private static Decision CheckInto(Meeting state, CheckIn checkIn, DateOnly today)
    {
        if (state.Status is not (MeetingStatus.RegistrationOpen or MeetingStatus.RegistrationClosed or MeetingStatus.Held))
        {
            return Rejection.Conflict("not_checking_in", "Check-in is recorded once registration has opened, at the meeting.");
        }

        if (today < state.Time.FirstDay.AddDays(-1))
        {
            return Rejection.Conflict("not_started", $"The meeting starts on {state.Time.FirstDay:yyyy-MM-dd}: check-in opens the day before.");
        }

        return state.ActiveRegistration(checkIn.RegistrantId) switch
        {
            { Status: RegistrationStatus.Registered, CheckedInOn: not null } => Decision.Accept(),
            { Status: RegistrationStatus.Registered } => Decision.Accept(new RegistrantCheckedIn(checkIn.RegistrantId, today)),
            _ => Rejection.Conflict("not_registered", "Only registrants holding a seat check in."),
        };
    }

    private static Rejection? Schedule(MeetingTime time)
    {
        if (!MeetingTime.IsKnownZone(time.TimeZone))
        {
            return Rejection.Conflict("unknown_time_zone", $"'{time.TimeZone}' is not an IANA time zone (such as Europe/Paris).");
        }

        return time.End <= time.Start ? Rejection.Conflict("end_before_start", "A meeting ends after it starts.") : null;
    }

    private static Rejection? OutsideSessions(Meeting state, MeetingTime time) =>
        state.Sessions.Any(s => s.Start < time.Start.Date || s.End > time.End.Date.AddDays(1))
            ? Rejection.Conflict("sessions_outside_meeting", "Sessions would fall outside the new dates: move or remove them first.")
            : null;

    private static Rejection? Window(MeetingDetails details) =>
        details.RegistrationOpensOn is { } opens && details.RegistrationClosesOn is { } closes && closes < opens
            ? Rejection.Conflict("window_reversed", "Registration closes after it opens.")
            : details.Capacity is <= 0
                ? Rejection.Conflict("no_capacity", "A capacity is a positive number of seats (or none, for no limit).")
                : null;

    private static MeetingDetails Tidy(MeetingDetails details) => details with
    {
        Title = details.Title.Trim(),
        Description = string.IsNullOrWhiteSpace(details.Description) ? null : details.Description.Trim(),
        Organisers = [.. details.Organisers.Distinct()],
        Chairs = [.. details.Chairs.Select(c => c with { Name = c.Name.Trim() }).Distinct()],
    };
}
