using AlfaPlatform.Domain.Common;

namespace AlfaPlatform.Domain.Organisations;

/// <summary>
/// An organisation as its stream says it is: current profile, capabilities and network membership, and for a partner
/// company its size category (<see cref="Size"/>, null for every other kind).
/// </summary>
public sealed record Organisation(
    Guid Id,
    string Name,
    string Acronym,
    OrganisationKind Kind,
    string? City,
    string Country,
    IReadOnlyList<string> Affiliations,
    string? Website,
    IReadOnlyList<Capability> Capabilities,
    IReadOnlyList<NetworkPeriod> NetworkPeriods,
    bool IsArchived,
    CompanySize? Size = null) : IEventSourced<Organisation>
{
    /// <summary>True while the latest period of network membership has no end.</summary>
    public bool IsNetworkMember => NetworkPeriods.Count > 0 && NetworkPeriods[^1].LeftOn is null;

    public static IReadOnlySet<Type> EventTypes { get; } = DomainEvents.Of<OrganisationEvent>();

    public static Organisation Evolve(Organisation? state, object domainEvent) => (state, domainEvent) switch
    {
        (null, OrganisationRegistered e) => new Organisation(
            e.OrganisationId, e.Name, e.Acronym, e.Kind, e.City, e.Country, e.Affiliations, e.Website,
            Capabilities: [], NetworkPeriods: [], IsArchived: false, e.Size),
        (not null, OrganisationProfileUpdated e) => state with
        {
            Name = e.Name,
            Acronym = e.Acronym,
            City = e.City,
            Country = e.Country,
            Affiliations = e.Affiliations,
            Website = e.Website,
        },
        (not null, CapabilityDeclared e) => state with { Capabilities = [.. state.Capabilities, e.Capability] },
        (not null, CapabilityWithdrawn e) => state with { Capabilities = [.. state.Capabilities.Where(c => c != e.Capability)] },
        (not null, OrganisationJoinedNetwork e) => state with { NetworkPeriods = [.. state.NetworkPeriods, new NetworkPeriod(e.On, null)] },
        (not null, OrganisationLeftNetwork e) when state.IsNetworkMember => state with
        {
            NetworkPeriods = [.. state.NetworkPeriods.SkipLast(1), state.NetworkPeriods[^1] with { LeftOn = e.On }],
        },
        (not null, OrganisationArchived) => state with { IsArchived = true },
        (not null, OrganisationReinstated) => state with { IsArchived = false },
        (not null, CompanySizeChanged e) => state with { Size = e.Size },
        _ => throw new UnknownEventException(typeof(Organisation), domainEvent),
    };

    /// <summary>An acronym names one active organisation at a time; archiving frees it.</summary>
    public static IEnumerable<UniqueKey> UniqueKeys(Organisation? state) =>
        state is { IsArchived: false } ? [new UniqueKey("organisation acronym", state.Acronym)] : [];
}

/// <summary>A dated period of membership of the network; <see cref="LeftOn"/> is null while it lasts.</summary>
public sealed record NetworkPeriod(DateOnly JoinedOn, DateOnly? LeftOn);
