using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace AlfaPlatform.Server.Dashboards;

/// <summary>
/// One dated +1/−1 on a network figure, written for the event that changed it: the count of a figure as the platform
/// knew it at any time is the sum of its deltas up to then (transaction time), one indexed, filtered aggregate.
/// </summary>
/// <param name="Measure">organisations, network-members, capabilities, teams, people, memberships.</param>
/// <param name="Key">The organisation kind, or the capability; empty for the others.</param>
public sealed record NetworkDelta(string Id, string Measure, string Key, int Delta, DateTimeOffset At, long Sequence);

/// <summary>What <see cref="NetworkOverviewProjection"/> remembers of an organisation, team or person to know which counts an event moves.</summary>
public sealed record NetworkRecordFacts(Guid Id, OrganisationKind? Kind, IReadOnlyList<Capability> Capabilities, bool Active, bool NetworkMember, long Version);

/// <summary>
/// The network overview, async: organisations by kind, network members by kind, capability coverage, active teams,
/// people and memberships as dated deltas (<see cref="NetworkDelta"/>), with a small fact document per record.
/// Like <see cref="Notifications.NotificationProjection"/>, it receives whole batches and folds its facts in memory,
/// so a batch that registers and archives the same organisation is counted right. Delta ids derive from the event id,
/// so a replay writes the same rows, and an event at or below a record's version is not counted twice.
/// </summary>
public sealed class NetworkOverviewProjection : IProjection, IDeclaresEvents
{
    public static ProjectionEvents Events { get; } = new(
        reads: [typeof(OrganisationEvent), typeof(TeamEvent), typeof(PersonEvent)],
        handled:
        [
            typeof(OrganisationRegistered), typeof(CapabilityDeclared), typeof(CapabilityWithdrawn), typeof(OrganisationJoinedNetwork),
            typeof(OrganisationLeftNetwork), typeof(OrganisationArchived), typeof(OrganisationReinstated), typeof(TeamCreated), typeof(TeamArchived),
            typeof(MemberAdded), typeof(MemberLeft), typeof(PersonRegistered), typeof(PersonDeactivated), typeof(PersonErased),
        ],
        ignored: // no count moves
        [
            typeof(OrganisationProfileUpdated), typeof(CompanySizeChanged), typeof(TeamRenamed), typeof(TeamFocusChanged),
            typeof(MemberRoleChanged), typeof(LeadHandedOver), typeof(PersonProfileUpdated), typeof(PersonLinkedToAccount),
        ]);

    public const string Organisations = "organisations";
    public const string NetworkMembers = "network-members";
    public const string Capabilities = "capabilities";
    public const string Teams = "teams";
    public const string People = "people";
    public const string Memberships = "memberships";

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var relevant = Events.Read(events);
        if (relevant.Count == 0)
        {
            return;
        }

        var facts = (await operations.LoadManyAsync<NetworkRecordFacts>(cancellation, relevant.Select(e => e.StreamId).Distinct()))
            .ToDictionary(f => f.Id);
        foreach (var e in relevant)
        {
            var before = facts.GetValueOrDefault(e.StreamId);
            if (before is not null && e.Version <= before.Version)
            {
                continue; // seen in an earlier batch
            }

            var (after, deltas) = Count(before, e);
            facts[e.StreamId] = after with { Version = e.Version };
            foreach (var (measure, key, delta) in deltas)
            {
                operations.Store(new NetworkDelta($"{e.Id:N}:{measure}:{key}", measure, key, delta, e.Timestamp, e.Sequence));
            }
        }

        operations.Store(facts.Values.ToArray());
    }

    private static (NetworkRecordFacts After, List<(string Measure, string Key, int Delta)> Deltas) Count(NetworkRecordFacts? f, IEvent e)
    {
        var none = new List<(string, string, int)>();
        switch (e.Data)
        {
            case OrganisationRegistered r:
                return (new NetworkRecordFacts(e.StreamId, r.Kind, [], Active: true, NetworkMember: false, e.Version), [(Organisations, r.Kind.ToString(), 1)]);
            case TeamCreated:
                return (new NetworkRecordFacts(e.StreamId, null, [], Active: true, NetworkMember: false, e.Version), [(Teams, "", 1)]);
            case PersonRegistered:
                return (new NetworkRecordFacts(e.StreamId, null, [], Active: true, NetworkMember: false, e.Version), [(People, "", 1)]);
        }

        if (f is null)
        {
            throw new InvalidOperationException($"{e.EventTypeName} of stream {e.StreamId} (version {e.Version}) comes before the record was created.");
        }

        switch (e.Data)
        {
            case CapabilityDeclared d when !f.Capabilities.Contains(d.Capability):
                return (f with { Capabilities = [.. f.Capabilities, d.Capability] }, [(Capabilities, d.Capability.ToString(), 1)]);
            case CapabilityWithdrawn w when f.Capabilities.Contains(w.Capability):
                return (f with { Capabilities = [.. f.Capabilities.Where(c => c != w.Capability)] }, [(Capabilities, w.Capability.ToString(), -1)]);
            case OrganisationJoinedNetwork when !f.NetworkMember:
                return (f with { NetworkMember = true }, [(NetworkMembers, f.Kind.ToString()!, 1)]);
            case OrganisationLeftNetwork when f.NetworkMember:
                return (f with { NetworkMember = false }, [(NetworkMembers, f.Kind.ToString()!, -1)]);
            case OrganisationArchived when f.Active:
                List<(string, string, int)> gone = [(Organisations, f.Kind.ToString()!, -1), .. f.Capabilities.Select(c => (Capabilities, c.ToString(), -1))];
                if (f.NetworkMember)
                {
                    gone.Add((NetworkMembers, f.Kind.ToString()!, -1));
                }

                return (f with { Active = false }, gone); // its capabilities and membership kept, for a reinstatement to count back
            case OrganisationReinstated when !f.Active:
                List<(string, string, int)> back = [(Organisations, f.Kind.ToString()!, 1), .. f.Capabilities.Select(c => (Capabilities, c.ToString(), 1))];
                if (f.NetworkMember)
                {
                    back.Add((NetworkMembers, f.Kind.ToString()!, 1));
                }

                return (f with { Active = true }, back);
            case TeamArchived when f.Active:
                return (f with { Active = false }, [(Teams, "", -1)]);
            case MemberAdded:
                return (f, [(Memberships, "", 1)]);
            case MemberLeft:
                return (f, [(Memberships, "", -1)]);
            case PersonDeactivated or PersonErased when f.Active:
                return (f with { Active = false }, [(People, "", -1)]);
            case CapabilityDeclared or CapabilityWithdrawn or OrganisationJoinedNetwork or OrganisationLeftNetwork or OrganisationArchived
                or OrganisationReinstated or TeamArchived or PersonDeactivated or PersonErased:
                return (f, none); // already counted so
            default:
                Events.Ignore(e.Data);
                return (f, none);
        }
    }
}
