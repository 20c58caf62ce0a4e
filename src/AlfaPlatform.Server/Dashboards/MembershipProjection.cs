using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Security;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace AlfaPlatform.Server.Dashboards;

/// <summary>
/// One membership of a person in a team, with both clocks: its business dates (joined, each role from, left) and
/// when the platform recorded each of them. "As of" a day counts what was recorded by the end of that day and was
/// true on that day by its dates.
/// </summary>
public sealed record MembershipFacts(
    string Id,
    Guid TeamId,
    Guid OrganisationId,
    Guid PersonId,
    DateOnly JoinedOn,
    DateTimeOffset RecordedAt,
    IReadOnlyList<RoleSpan> Roles,
    DateOnly? LeftOn,
    DateTimeOffset? LeftRecordedAt)
{
    /// <summary>The role held on <paramref name="day"/> as known at <paramref name="knownBy"/>; null when not a member then.</summary>
    public TeamRole? RoleOn(DateOnly day, DateTimeOffset knownBy)
    {
        if (RecordedAt > knownBy || JoinedOn > day || (LeftRecordedAt <= knownBy && LeftOn <= day))
        {
            return null;
        }

        return Roles.LastOrDefault(r => r.RecordedAt <= knownBy && r.From <= day)?.Role ?? Roles[0].Role;
    }
}

/// <param name="From">The day the role began (business date).</param>
/// <param name="RecordedAt">When the platform learned it.</param>
public sealed record RoleSpan(TeamRole Role, DateOnly From, DateTimeOffset RecordedAt);

/// <summary>What <see cref="MembershipProjection"/> keeps per team: its organisation and each active member's membership.</summary>
public sealed record MembershipTeamFacts(Guid Id, Guid OrganisationId, IReadOnlyDictionary<Guid, string> Active, long Version);

/// <summary>Memberships with their dates and roles over time, per team and organisation: the membership dashboard's facts.</summary>
public sealed class MembershipProjection : IProjection, IDeclaresEvents, IFoldsDocuments
{
    public static IReadOnlyList<Type> Documents { get; } = [typeof(MembershipTeamFacts), typeof(MembershipFacts)];

    public static ProjectionEvents Events { get; } = new(
        reads: [typeof(TeamEvent)],
        handled: [typeof(TeamCreated), typeof(MemberAdded), typeof(MemberRoleChanged), typeof(LeadHandedOver), typeof(MemberLeft)],
        ignored: [typeof(TeamRenamed), typeof(TeamFocusChanged), typeof(TeamArchived)]); // an archived team's memberships end with MemberLeft

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation) =>
        FoldAsync(new SessionDocuments(operations), events, cancellation);

    public async Task FoldAsync(IProjectionDocuments documents, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var relevant = Events.Read(events);
        if (relevant.Count == 0)
        {
            return;
        }

        var teams = (await documents.LoadManyAsync<MembershipTeamFacts>(relevant.Select(e => e.StreamId).Distinct(), cancellation))
            .ToDictionary(t => t.Id);
        var memberships = (await documents.LoadManyAsync<MembershipFacts>(teams.Values.SelectMany(t => t.Active.Values), cancellation))
            .ToDictionary(m => m.Id);
        var changed = new HashSet<string>();
        foreach (var e in relevant)
        {
            if (e.Data is TeamCreated created)
            {
                teams.TryAdd(e.StreamId, new MembershipTeamFacts(e.StreamId, created.OrganisationId, new Dictionary<Guid, string>(), e.Version));
                continue;
            }

            var team = teams.GetValueOrDefault(e.StreamId)
                ?? throw new InvalidOperationException($"{e.EventTypeName} of team {e.StreamId} (version {e.Version}) comes before the team was created.");
            if (e.Version <= team.Version)
            {
                continue;
            }

            var active = new Dictionary<Guid, string>(team.Active);
            MembershipFacts Of(Guid person) => memberships[active[person]];
            void Put(MembershipFacts m)
            {
                memberships[m.Id] = m;
                changed.Add(m.Id);
            }

            switch (e.Data)
            {
                case MemberAdded added:
                    var id = $"{e.StreamId:N}:{added.PersonId:N}:{e.Version}";
                    Put(new MembershipFacts(id, e.StreamId, team.OrganisationId, added.PersonId, added.On, e.Timestamp,
                        [new RoleSpan(added.Role, added.On, e.Timestamp)], null, null));
                    active[added.PersonId] = id;
                    break;
                case MemberRoleChanged role:
                    var current = Of(role.PersonId);
                    Put(current with { Roles = [.. current.Roles, new RoleSpan(role.Role, role.On, e.Timestamp)] });
                    break;
                case LeadHandedOver hand:
                    var formerLead = Of(hand.FromPersonId);
                    var newLead = Of(hand.ToPersonId);
                    Put(formerLead with { Roles = [.. formerLead.Roles, new RoleSpan(hand.FormerLeadRole, hand.On, e.Timestamp)] });
                    Put(newLead with { Roles = [.. newLead.Roles, new RoleSpan(TeamRole.Lead, hand.On, e.Timestamp)] });
                    break;
                case MemberLeft left:
                    Put(Of(left.PersonId) with { LeftOn = left.On, LeftRecordedAt = e.Timestamp });
                    active.Remove(left.PersonId);
                    break;
                default:
                    Events.Ignore(e.Data);
                    break;
            }

            teams[e.StreamId] = team with { Active = active, Version = e.Version };
        }

        documents.Store(teams.Values.ToArray());
        documents.Store(changed.Select(id => memberships[id]).ToArray());
    }
}
