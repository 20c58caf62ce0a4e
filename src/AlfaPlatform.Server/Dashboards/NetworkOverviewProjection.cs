using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace AlfaPlatform.Server.Dashboards;

/// <summary>
/// How much one network figure moved on one day (UTC, transaction time). A figure as the platform knew it at the end
/// of a day is the sum of its days up to then: one row per figure and day, however many changes the day held, so a
/// read costs the same after a million changes as after ten.
/// </summary>
/// <param name="Measure">organisations, network-members, capabilities, teams, people, memberships.</param>
/// <param name="Key">The organisation kind, or the capability; empty for the others.</param>
public sealed record NetworkDayChange(string Id, string Measure, string Key, DateOnly Day, int Change)
{
    public static NetworkDayChange Of(string measure, string key, DateOnly day, int change) => new($"{measure}:{key}:{day:yyyy-MM-dd}", measure, key, day, change);
}

/// <summary>What <see cref="NetworkOverviewProjection"/> remembers of an organisation, team or person to know which counts an event moves.</summary>
public sealed record NetworkRecordFacts(Guid Id, OrganisationKind? Kind, IReadOnlyList<Capability> Capabilities, bool Active, bool NetworkMember, long Version);

/// <summary>
/// The network overview, async: organisations by kind, network members by kind, capability coverage, active teams,
/// people and memberships as each day's change (<see cref="NetworkDayChange"/>), with a small fact document per
/// record. Like <see cref="Notifications.NotificationProjection"/>, it receives whole batches and folds its facts in
/// memory, so a batch that registers and archives the same organisation is counted right; an event at or below a
/// record's version is not counted twice. The facts and the days commit with the projection's progress, so a batch
/// applied again after a failure starts from what the last one committed.
/// </summary>
public sealed class NetworkOverviewProjection : IProjection, IDeclaresEvents, IFoldsDocuments
{
    public static IReadOnlyList<Type> Documents { get; } = [typeof(NetworkRecordFacts), typeof(NetworkDayChange)];

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

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation) =>
        FoldAsync(new SessionDocuments(operations), events, cancellation);

    public async Task FoldAsync(IProjectionDocuments documents, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var relevant = Events.Read(events);
        if (relevant.Count == 0)
        {
            return;
        }

        var facts = (await documents.LoadManyAsync<NetworkRecordFacts>(relevant.Select(e => e.StreamId).Distinct(), cancellation))
            .ToDictionary(f => f.Id);
        var days = new Dictionary<string, NetworkDayChange>();
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
                var change = NetworkDayChange.Of(measure, key, DateOnly.FromDateTime(e.Timestamp.UtcDateTime), delta);
                days[change.Id] = days.TryGetValue(change.Id, out var sofar) ? sofar with { Change = sofar.Change + delta } : change;
            }
        }

        documents.Store(facts.Values.ToArray());
        if (days.Count > 0)
        {
            var stored = (await documents.LoadManyAsync<NetworkDayChange>(days.Keys, cancellation)).ToDictionary(d => d.Id);
            documents.Store([.. days.Values.Select(d => stored.TryGetValue(d.Id, out var earlier) ? d with { Change = earlier.Change + d.Change } : d)]);
        }
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
