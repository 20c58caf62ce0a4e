using AlfaPlatform.Domain.Common;

namespace AlfaPlatform.Domain.Teams;

/// <summary>A team and its roster: every membership it ever had, each with its dated roles.</summary>
public sealed record Team(
    Guid Id,
    Guid OrganisationId,
    string Name,
    IReadOnlyList<string> FocusAreas,
    IReadOnlyList<Membership> Members,
    bool IsArchived) : IEventSourced<Team>
{
    public static IReadOnlySet<Type> EventTypes { get; } = DomainEvents.Of<TeamEvent>();

    // A roster import decides and folds one change per row against a roster that grows to thousands: the look-ups
    // below are plain loops over the list, and a change copies it once, so each step stays a quick linear pass.

    public IEnumerable<Membership> ActiveMembers => Members.Where(m => m.LeftOn is null);

    public Membership? Lead => Find(m => m.LeftOn is null && m.Role == TeamRole.Lead);

    public Membership? ActiveMembership(Guid personId)
    {
        for (var i = 0; i < Members.Count; i++)
        {
            if (Members[i] is { LeftOn: null } member && member.PersonId == personId)
            {
                return member;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="personId"/> was in the team after <paramref name="date"/> in an earlier membership.</summary>
    public bool WasMemberAfter(Guid personId, DateOnly date)
    {
        for (var i = 0; i < Members.Count; i++)
        {
            if (Members[i] is { LeftOn: { } leftOn } member && member.PersonId == personId && leftOn > date)
            {
                return true;
            }
        }

        return false;
    }

    private Membership? Find(Func<Membership, bool> match)
    {
        for (var i = 0; i < Members.Count; i++)
        {
            if (match(Members[i]))
            {
                return Members[i];
            }
        }

        return null;
    }

    /// <summary>Who was in the team on <paramref name="date"/>, in the role they held that day.</summary>
    public IEnumerable<Membership> RosterOn(DateOnly date) =>
        Members.Where(m => m.JoinedOn <= date && (m.LeftOn is null || m.LeftOn > date)).Select(m => m.AsOn(date));

    public static Team Evolve(Team? state, object domainEvent) => (state, domainEvent) switch
    {
        (null, TeamCreated e) => new Team(e.TeamId, e.OrganisationId, e.Name, e.FocusAreas, Members: [], IsArchived: false),
        (not null, TeamRenamed e) => state with { Name = e.Name },
        (not null, TeamFocusChanged e) => state with { FocusAreas = e.FocusAreas },
        (not null, TeamArchived) => state with { IsArchived = true },
        (not null, MemberAdded e) => state with { Members = state.Copy(extra: Membership.Start(e.PersonId, e.Role, e.RoleLabel, e.On)) },
        (not null, MemberRoleChanged e) when state.ActiveMembership(e.PersonId) is not null =>
            state.WithActive(e.PersonId, m => m.ChangeRole(e.Role, e.RoleLabel, e.On)),
        (not null, MemberLeft e) when state.ActiveMembership(e.PersonId) is not null =>
            state.WithActive(e.PersonId, m => m with { LeftOn = e.On }),
        (not null, LeadHandedOver e) when state.ActiveMembership(e.FromPersonId) is not null && state.ActiveMembership(e.ToPersonId) is not null =>
            state.WithActive(e.FromPersonId, m => m.ChangeRole(e.FormerLeadRole, e.FormerLeadRoleLabel, e.On))
                .WithActive(e.ToPersonId, m => m.ChangeRole(TeamRole.Lead, null, e.On)),
        _ => throw new UnknownEventException(typeof(Team), domainEvent),
    };

    private Team WithActive(Guid personId, Func<Membership, Membership> change)
    {
        var members = Copy();
        for (var i = 0; i < members.Length; i++)
        {
            if (members[i] is { LeftOn: null } member && member.PersonId == personId)
            {
                members[i] = change(member);
            }
        }

        return this with { Members = members };
    }

    /// <summary>The roster as a new array, with <paramref name="extra"/> at its end if given.</summary>
    private Membership[] Copy(Membership? extra = null)
    {
        var copy = new Membership[Members.Count + (extra is null ? 0 : 1)];
        if (Members is Membership[] array)
        {
            Array.Copy(array, copy, array.Length);
        }
        else
        {
            for (var i = 0; i < Members.Count; i++)
            {
                copy[i] = Members[i];
            }
        }

        if (extra is not null)
        {
            copy[^1] = extra;
        }

        return copy;
    }
}

/// <summary>One period of a person in a team; <see cref="Roles"/> says which role from which day.</summary>
public sealed record Membership(Guid PersonId, TeamRole Role, string? RoleLabel, DateOnly JoinedOn, DateOnly? LeftOn, IReadOnlyList<RolePeriod> Roles)
{
    public static Membership Start(Guid personId, TeamRole role, string? label, DateOnly on) =>
        new(personId, role, label, on, null, [new RolePeriod(role, label, on)]);

    public Membership ChangeRole(TeamRole role, string? label, DateOnly on) =>
        this with { Role = role, RoleLabel = label, Roles = [.. Roles, new RolePeriod(role, label, on)] };

    /// <summary>The membership as it stood on <paramref name="date"/>: the role held then, still open if it was.</summary>
    public Membership AsOn(DateOnly date)
    {
        var held = Roles.LastOrDefault(r => r.From <= date) ?? Roles[0];
        return this with { Role = held.Role, RoleLabel = held.Label, LeftOn = LeftOn <= date ? LeftOn : null };
    }
}

public sealed record RolePeriod(TeamRole Role, string? Label, DateOnly From);
