using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;

namespace AlfaPlatform.Domain.Tests.Meetings;

/// <summary>The rules of a meeting, given–when–then: lifecycle, programme, review, capacity and the waiting list.</summary>
public sealed class MeetingDeciderTests : DeciderSpec<Meeting>
{
    private static readonly DateOnly Today = new(2025, 11, 1);

    private static readonly MeetingTime Geneva = new(new DateTime(2025, 11, 19, 9, 0, 0), new DateTime(2025, 11, 21, 17, 0, 0), "Europe/Zurich");

    private static readonly MeetingPlace Palexpo = new(new Venue("Palexpo", "Geneva", "CH"), Online: false, null);

    private static MeetingDetails Details(int? capacity = 2, MeetingVisibility visibility = MeetingVisibility.Public, bool approval = false) =>
        new("24th Annual SFGM-TC Congress", MeetingKind.Congress, null, [], [new Chair(null, "Chair One")], capacity, null, null, visibility, approval);

    private static readonly Guid SessionId = new("5e551011-0000-4000-8000-000000000001");

    private static readonly Guid ContributionId = new("c0471b00-0000-4000-8000-000000000001");

    private static Registrant Member(int n) => new(RegistrantKind.Person, new Guid($"aaaaaaaa-0000-4000-8000-{n:D12}"), $"Member {n}", null, IsNetworkMember: true);

    private static readonly Registrant Partner = new(RegistrantKind.Account, new Guid("bbbbbbbb-0000-4000-8000-000000000001"), "Partner", Guid.NewGuid(), IsNetworkMember: false);

    private static object[] Open(MeetingDetails? details = null) =>
        [new MeetingCreated(Guid.Empty, details ?? Details(), Geneva, Palexpo), new MeetingPublished(), new RegistrationsOpened()];

    private static Decision When(Meeting? state, MeetingCommand command, DateOnly? today = null) => MeetingDecider.Decide(state, command, today ?? Today);

    [Fact]
    public void creating_a_meeting_starts_a_draft_with_utc_instants_from_its_time_zone()
    {
        var decision = When(null, new CreateMeeting(Details(), Geneva, Palexpo));

        var created = Assert.IsType<MeetingCreated>(Assert.Single(decision.Events));
        var meeting = Meeting.Evolve(null, created);
        Assert.Equal(MeetingStatus.Draft, meeting.Status);
        Assert.Equal(new DateTimeOffset(2025, 11, 19, 8, 0, 0, TimeSpan.Zero), meeting.StartsAt); // CET = UTC+1
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("Romance Standard Time")]
    public void an_unknown_time_zone_is_refused(string zone) =>
        ThenRejected(When(null, new CreateMeeting(Details(), Geneva with { TimeZone = zone }, Palexpo)), RejectionKind.Conflict, "unknown_time_zone");

    [Fact]
    public void a_meeting_ends_after_it_starts() =>
        ThenRejected(When(null, new CreateMeeting(Details(), Geneva with { End = Geneva.Start }, Palexpo)), RejectionKind.Conflict, "end_before_start");

    [Fact]
    public void registration_opens_only_once_published()
    {
        Given(new MeetingCreated(Guid.Empty, Details(), Geneva, Palexpo));

        ThenRejected(When(State, new OpenRegistration()), RejectionKind.Conflict, "not_published");
        ThenRejected(When(State, new Register(Member(1), ByStaff: false)), RejectionKind.Conflict, "registration_not_open");
    }

    [Fact]
    public void past_capacity_registrations_wait_in_arrival_order()
    {
        Given([.. Open(), new RegistrantRegistered(Member(1), 1, false), new RegistrantRegistered(Member(2), 2, false)]);

        ThenEvents(When(State, new Register(Member(3), false)), new RegistrantWaitlisted(Member(3), 3, false));
    }

    [Fact]
    public void registering_twice_changes_nothing()
    {
        Given([.. Open(), new RegistrantRegistered(Member(1), 1, false)]);

        ThenAcceptedWithoutEvents(When(State, new Register(Member(1), false)));
    }

    [Fact]
    public void a_cancelled_seat_goes_to_the_first_on_the_waiting_list()
    {
        Given([.. Open(), new RegistrantRegistered(Member(1), 1, false), new RegistrantRegistered(Member(2), 2, false),
            new RegistrantWaitlisted(Member(3), 3, false), new RegistrantWaitlisted(Member(4), 4, false)]);

        ThenEvents(When(State, new CancelRegistration(Member(2).Id, "ill")),
            new RegistrationCancelled(Member(2).Id, "ill"), new PromotedFromWaitingList(Member(3).Id));
    }

    [Fact]
    public void leaving_the_waiting_list_promotes_nobody()
    {
        Given([.. Open(), new RegistrantRegistered(Member(1), 1, false), new RegistrantRegistered(Member(2), 2, false),
            new RegistrantWaitlisted(Member(3), 3, false), new RegistrantWaitlisted(Member(4), 4, false)]);

        ThenEvents(When(State, new CancelRegistration(Member(3).Id, null)), new RegistrationCancelled(Member(3).Id, null));
    }

    [Fact]
    public void more_capacity_promotes_the_waiting_list_in_order()
    {
        Given([.. Open(), new RegistrantRegistered(Member(1), 1, false), new RegistrantRegistered(Member(2), 2, false),
            new RegistrantWaitlisted(Member(3), 3, false), new RegistrantWaitlisted(Member(4), 4, false), new RegistrantWaitlisted(Member(5), 5, false)]);

        var decision = When(State, new ChangeMeetingDetails(Details(capacity: 4)));

        Assert.Equal([typeof(MeetingDetailsChanged), typeof(PromotedFromWaitingList), typeof(PromotedFromWaitingList)], decision.Events.Select(e => e.GetType()));
        Assert.Equal([Member(3).Id, Member(4).Id], decision.Events.OfType<PromotedFromWaitingList>().Select(p => p.RegistrantId));
    }

    [Fact]
    public void capacity_cannot_drop_below_the_seats_taken()
    {
        Given([.. Open(), new RegistrantRegistered(Member(1), 1, false), new RegistrantRegistered(Member(2), 2, false)]);

        ThenRejected(When(State, new ChangeMeetingDetails(Details(capacity: 1))), RejectionKind.Conflict, "capacity_below_registered");
    }

    [Fact]
    public void a_members_only_meeting_refuses_partner_people()
    {
        Given(Open(Details(visibility: MeetingVisibility.MembersOnly)));

        ThenRejected(When(State, new Register(Partner, false)), RejectionKind.Forbidden, "members_only");
        ThenEvents(When(State, new Register(Member(1), false)), new RegistrantRegistered(Member(1), 1, false));
    }

    [Fact]
    public void with_approval_a_registration_waits_for_staff_and_then_takes_a_seat_or_waits()
    {
        Given([.. Open(Details(capacity: 1, approval: true)), new RegistrationRequested(Member(1), 1, false), new RegistrationRequested(Member(2), 2, false)]);

        ThenEvents(When(State, new ApproveRegistration(Member(1).Id)), new RegistrationApproved(Member(1).Id, Waiting: false));
        Given([.. Open(Details(capacity: 1, approval: true)), new RegistrationRequested(Member(1), 1, false), new RegistrationRequested(Member(2), 2, false),
            new RegistrationApproved(Member(1).Id, false)]);
        ThenEvents(When(State, new ApproveRegistration(Member(2).Id)), new RegistrationApproved(Member(2).Id, Waiting: true));
        ThenEvents(When(State, new Register(Member(3), ByStaff: true)), new RegistrantWaitlisted(Member(3), 3, true));
    }

    [Fact]
    public void registration_window_is_kept_for_self_registration()
    {
        Given(Open(Details() with { RegistrationClosesOn = new DateOnly(2025, 10, 31) }));

        ThenRejected(When(State, new Register(Member(1), false)), RejectionKind.Conflict, "registration_closed");
        ThenEvents(When(State, new Register(Member(1), ByStaff: true)), new RegistrantRegistered(Member(1), 1, true));
    }

    [Fact]
    public void a_change_of_date_after_publication_is_recorded_for_those_registered_before_it()
    {
        Given([.. Open(), new RegistrantRegistered(Member(1), 1, false), new MeetingRescheduled(Geneva with { End = Geneva.End.AddHours(1) }, "longer"),
            new RegistrantRegistered(Member(2), 2, false)]);

        var change = Assert.Single(State!.Changes);
        Assert.Equal("time", change.Field);
        Assert.Single(State.ChangesSince(State.ActiveRegistration(Member(1).Id)!));
        Assert.Empty(State.ChangesSince(State.ActiveRegistration(Member(2).Id)!));
    }

    [Fact]
    public void changes_to_a_draft_tell_nobody()
    {
        Given(new MeetingCreated(Guid.Empty, Details(), Geneva, Palexpo), new MeetingMoved(new MeetingPlace(null, true, null), null));

        Assert.Empty(State!.Changes);
    }

    [Fact]
    public void contributions_are_reviewed_then_scheduled_into_sessions()
    {
        var presenter = Member(1).Id;
        Given([.. Open(), new SessionAdded(SessionId, "Educational session", SessionKind.Educational, Geneva.Start, Geneva.Start.AddHours(2), "Room A", []),
            new ContributionSubmitted(ContributionId, "FLT3-ITD microclones", "Abstract", presenter, ["N. Duployez"], null, presenter)]);

        ThenRejected(When(State, new ScheduleContribution(ContributionId, SessionId)), RejectionKind.Conflict, "not_accepted");
        ThenEvents(When(State, new ReviewContribution(ContributionId, true, "good")), new ContributionAccepted(ContributionId, "good"));
        Given([.. Open(), new SessionAdded(SessionId, "Educational session", SessionKind.Educational, Geneva.Start, Geneva.Start.AddHours(2), "Room A", []),
            new ContributionSubmitted(ContributionId, "FLT3-ITD microclones", "Abstract", presenter, ["N. Duployez"], null, presenter),
            new ContributionAccepted(ContributionId, null)]);
        ThenEvents(When(State, new ScheduleContribution(ContributionId, SessionId)), new ContributionScheduled(ContributionId, SessionId));
        ThenRejected(When(State, new ReviewContribution(ContributionId, false, null)), RejectionKind.Conflict, "already_reviewed");
        ThenRejected(When(State, new WithdrawContribution(ContributionId, Member(9).Id, null)), RejectionKind.Forbidden, "not_submitter");
    }

    [Fact]
    public void sessions_fall_within_the_meeting()
    {
        Given(Open());

        ThenRejected(When(State, new AddSession(SessionId, "Late", SessionKind.Oral, Geneva.End.AddDays(2), Geneva.End.AddDays(2).AddHours(1), null, [])),
            RejectionKind.Conflict, "session_outside_meeting");
    }

    [Fact]
    public void a_meeting_is_held_once_it_has_started_and_then_changes_no_more_but_check_in()
    {
        Given([.. Open(), new RegistrantRegistered(Member(1), 1, false)]);

        ThenRejected(When(State, new MarkMeetingHeld()), RejectionKind.Conflict, "not_started");
        ThenEvents(When(State, new MarkMeetingHeld(), new DateOnly(2025, 11, 21)), new MeetingHeld());
        Given([.. Open(), new RegistrantRegistered(Member(1), 1, false), new MeetingHeld()]);
        ThenRejected(When(State, new Register(Member(2), true)), RejectionKind.Conflict, "held");
        ThenEvents(When(State, new CheckIn(Member(1).Id), new DateOnly(2025, 11, 22)), new RegistrantCheckedIn(Member(1).Id, new DateOnly(2025, 11, 22)));
    }

    [Fact]
    public void only_seated_registrants_check_in()
    {
        Given([.. Open(OneSeat()), new RegistrantRegistered(Member(1), 1, false), new RegistrantWaitlisted(Member(2), 2, false)]);

        ThenRejected(When(State, new CheckIn(Member(2).Id), new DateOnly(2025, 11, 19)), RejectionKind.Conflict, "not_registered");
        ThenRejected(When(State, new CheckIn(Member(1).Id)), RejectionKind.Conflict, "not_started");
    }

    [Fact]
    public void a_cancelled_meeting_keeps_its_reason_and_refuses_changes()
    {
        Given([.. Open(), new MeetingCancelled("venue closed")]);

        Assert.Equal("venue closed", State!.CancellationReason);
        ThenRejected(When(State, new Register(Member(1), false)), RejectionKind.Conflict, "cancelled");
    }

    private static MeetingDetails OneSeat() => Details(capacity: 1);

    protected override void AssertSameEvent(object expected, object actual)
    {
        Assert.IsType(expected.GetType(), actual);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected, expected.GetType()), System.Text.Json.JsonSerializer.Serialize(actual, actual.GetType()));
    }

    [Fact]
    public void a_session_at_a_local_time_the_clocks_skip_is_refused()
    {
        var paris = new MeetingTime(new DateTime(2026, 3, 28, 9, 0, 0), new DateTime(2026, 3, 29, 17, 0, 0), "Europe/Paris");
        Given(new MeetingCreated(Guid.Empty, Details(), paris, Palexpo));

        ThenRejected(When(State, new AddSession(SessionId, "Night session", SessionKind.Other, new DateTime(2026, 3, 29, 2, 30, 0), new DateTime(2026, 3, 29, 4, 0, 0), null, [])),
            RejectionKind.Conflict, "time_skipped");
    }

    [Fact]
    public void a_meeting_with_partner_registrations_cannot_become_members_only()
    {
        Given([.. Open(), new RegistrantRegistered(Member(1), 1, false), new RegistrantRegistered(Partner, 2, false)]);

        ThenRejected(When(State, new ChangeMeetingDetails(Details(visibility: MeetingVisibility.MembersOnly))), RejectionKind.Conflict, "partner_registrations");
    }

    [Fact]
    public void a_meeting_whose_partner_registrations_were_cancelled_becomes_members_only()
    {
        Given([.. Open(), new RegistrantRegistered(Partner, 1, false), new RegistrationCancelled(Partner.Id, null)]);

        ThenEvents(When(State, new ChangeMeetingDetails(Details(visibility: MeetingVisibility.MembersOnly))),
            new MeetingDetailsChanged(Details(visibility: MeetingVisibility.MembersOnly)));
    }
}
