using AlfaPlatform.Domain.Common;

namespace AlfaPlatform.Domain.Teams;

/// <summary>
/// The rules of a team's roster: no one twice an active member, exactly one lead while there are members, a lead
/// changes only by hand-over, and dates are consistent (nothing in the future, nobody leaves before joining).
/// </summary>
public static class TeamDecider
{
    public static Decision Decide(Team? state, TeamCommand command, DateOnly today)
    {
        if (command is CreateTeam create)
        {
            return state is null
                ? Decision.Accept(new TeamCreated(Guid.Empty, create.OrganisationId, create.Name.Trim(), Trimmed(create.FocusAreas)))
                : Rejection.Conflict("already_created", $"Team {state.Name} already exists.");
        }

        if (state is null)
        {
            return Rejection.NotFound("The team");
        }

        if (state.IsArchived)
        {
            return Rejection.Conflict("archived", $"Team {state.Name} is archived and can no longer change.");
        }

        return command switch
        {
            RenameTeam rename => rename.Name.Trim() == state.Name ? Decision.Accept() : Decision.Accept(new TeamRenamed(rename.Name.Trim())),
            ChangeTeamFocus focus => Trimmed(focus.FocusAreas).SequenceEqual(state.FocusAreas)
                ? Decision.Accept()
                : Decision.Accept(new TeamFocusChanged(Trimmed(focus.FocusAreas))),
            ArchiveTeam archive => state.ActiveMembers.Any()
                ? Rejection.Conflict("has_members", $"Team {state.Name} still has members: record that they left first.")
                : Decision.Accept(new TeamArchived(archive.Reason)),
            AddMember add => Add(state, add, today),
            ChangeMemberRole change => ChangeRole(state, change, today),
            RecordMemberLeft leave => Leave(state, leave, today),
            HandLead hand => Hand(state, hand, today),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown team command."),
        };
    }

    /// <summary>The grain fills in the id it owns; the decider never invents identities.</summary>
    public static Decision WithIdentity(this Decision decision, Guid teamId) =>
        decision.IsAccepted
            ? Decision.Accept(decision.Events.Select(e => e is TeamCreated created ? created with { TeamId = teamId } : e))
            : decision;

    private static Decision Add(Team state, AddMember add, DateOnly today)
    {
        if (NotYet(add.On, today) is { } future)
        {
            return future;
        }

        if (state.ActiveMembership(add.PersonId) is not null)
        {
            return Rejection.Conflict("already_member", "This person is already an active member of the team.");
        }

        if (state.WasMemberAfter(add.PersonId, add.On))
        {
            return Rejection.Conflict("overlapping_membership", "This person was in the team on that date already.");
        }

        // Every day with members has exactly one lead: a new member joins a team already led that day; a new lead
        // takes an empty team only from the day the last member left.
        if (state.Lead is { } lead)
        {
            return add.Role == TeamRole.Lead
                ? Rejection.Conflict("lead_exists", "The team has a lead: hand the lead over instead.")
                : Before(add.On, lead.Roles.Last(r => r.Role == TeamRole.Lead).From, "the lead took the lead") is { } early
                    ? early
                    : Decision.Accept(new MemberAdded(add.PersonId, add.Role, Label(add.Role, add.RoleLabel), add.On));
        }

        if (add.Role != TeamRole.Lead)
        {
            return Rejection.Conflict("lead_required", "The first member of a team is its lead.");
        }

        var lastLeft = state.Members.Select(m => m.LeftOn).Max();
        return lastLeft is { } emptySince && add.On < emptySince
            ? Before(add.On, emptySince, "the team's last member left")!
            : Decision.Accept(new MemberAdded(add.PersonId, add.Role, Label(add.Role, add.RoleLabel), add.On));
    }

    private static Decision ChangeRole(Team state, ChangeMemberRole change, DateOnly today)
    {
        if (state.ActiveMembership(change.PersonId) is not { } member)
        {
            return Rejection.Conflict("not_a_member", "This person is not an active member of the team.");
        }

        if (member.Role == TeamRole.Lead || change.Role == TeamRole.Lead)
        {
            return Rejection.Conflict("use_hand_lead", "The lead changes only by handing it over to another member.");
        }

        if ((NotYet(change.On, today) ?? Before(change.On, member.Roles[^1].From, "its current role began")) is { } refused)
        {
            return refused;
        }

        return member.Role == change.Role && member.RoleLabel == Label(change.Role, change.RoleLabel)
            ? Decision.Accept()
            : Decision.Accept(new MemberRoleChanged(change.PersonId, change.Role, Label(change.Role, change.RoleLabel), change.On));
    }

    private static Decision Leave(Team state, RecordMemberLeft leave, DateOnly today)
    {
        if (state.ActiveMembership(leave.PersonId) is not { } member)
        {
            return Rejection.Conflict("not_a_member", "This person is not an active member of the team.");
        }

        // Not before their current role began: a former lead cannot leave before handing over, nor a new lead before
        // taking the lead; the days in between would have no lead.
        if ((NotYet(leave.On, today) ?? Before(leave.On, member.Roles[^1].From, "their current role began")) is { } refused)
        {
            return refused;
        }

        if (leave.On <= member.JoinedOn)
        {
            return Rejection.Conflict("date_before_start", $"A member leaves after the day they joined ({member.JoinedOn:yyyy-MM-dd}).");
        }

        if (member.Role != TeamRole.Lead)
        {
            return Decision.Accept(new MemberLeft(leave.PersonId, leave.On, leave.Reason));
        }

        if (state.ActiveMembers.Count() > 1)
        {
            return Rejection.Conflict("lead_must_hand_over", "The lead cannot leave while others remain: hand the lead over first.");
        }

        // The last one out is the lead: not before the others left, or they would have had days without a lead.
        var othersLeft = state.Members.Where(m => m.PersonId != leave.PersonId).Select(m => m.LeftOn).Max();
        return othersLeft is { } last && leave.On < last
            ? Before(leave.On, last, "the other members left")!
            : Decision.Accept(new MemberLeft(leave.PersonId, leave.On, leave.Reason));
    }

    private static Decision Hand(Team state, HandLead hand, DateOnly today)
    {
        if (state.Lead is not { } lead)
        {
            return Rejection.Conflict("no_lead", "The team has no members, hence no lead to hand over.");
        }

        if (state.ActiveMembership(hand.ToPersonId) is not { } next || next.PersonId == lead.PersonId)
        {
            return Rejection.Conflict("not_a_member", "The lead passes to another active member of the team.");
        }

        if (hand.FormerLeadRole == TeamRole.Lead)
        {
            return Rejection.Conflict("one_lead", "A team has exactly one lead: give the former lead another role.");
        }

        var earliest = lead.Roles[^1].From > next.Roles[^1].From ? lead.Roles[^1].From : next.Roles[^1].From;
        return (NotYet(hand.On, today) ?? Before(hand.On, earliest, "the current roles of both began")) is { } refused
            ? refused
            : Decision.Accept(new LeadHandedOver(lead.PersonId, hand.ToPersonId, hand.FormerLeadRole, Label(hand.FormerLeadRole, hand.FormerLeadRoleLabel), hand.On));
    }

    private static Rejection? NotYet(DateOnly on, DateOnly today) =>
        on > today ? Rejection.Conflict("date_in_future", "The date cannot be in the future.") : null;

    private static Rejection? Before(DateOnly on, DateOnly earliest, string what) =>
        on < earliest ? Rejection.Conflict("date_before_start", $"The date is before {what} ({earliest:yyyy-MM-dd}).") : null;

    /// <summary>Only "other" carries a label; a label on a named role would contradict it.</summary>
    private static string? Label(TeamRole role, string? label) => role == TeamRole.Other ? label?.Trim() : null;

    private static string[] Trimmed(IEnumerable<string> values) => [.. values.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct()];
}
