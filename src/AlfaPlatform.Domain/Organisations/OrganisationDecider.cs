using AlfaPlatform.Domain.Common;

namespace AlfaPlatform.Domain.Organisations;

// The commands stand beside the rules that decide them: a new command is a record here and its case in Decide.

/// <summary>A change asked of one organisation; sent to its grain, decided by <see cref="OrganisationDecider"/>.</summary>
[GenerateSerializer, Immutable, Alias("alfa.organisation-command")]
public abstract record OrganisationCommand;

[GenerateSerializer, Immutable, Alias("alfa.register-organisation")]
public sealed record RegisterOrganisation(
    [property: Id(0)] string Name,
    [property: Id(1)] string Acronym,
    [property: Id(2)] OrganisationKind Kind,
    [property: Id(3)] string? City,
    [property: Id(4)] string Country,
    [property: Id(5)] IReadOnlyList<string> Affiliations,
    [property: Id(6)] string? Website,
    [property: Id(7)] CompanySize? Size = null) : OrganisationCommand;

[GenerateSerializer, Immutable, Alias("alfa.update-organisation-profile")]
public sealed record UpdateOrganisationProfile(
    [property: Id(0)] string Name,
    [property: Id(1)] string Acronym,
    [property: Id(2)] string? City,
    [property: Id(3)] string Country,
    [property: Id(4)] IReadOnlyList<string> Affiliations,
    [property: Id(5)] string? Website) : OrganisationCommand;

[GenerateSerializer, Immutable, Alias("alfa.change-company-size")]
public sealed record ChangeCompanySize(
    [property: Id(0)] CompanySize Size,
    [property: Id(1)] string? Reason) : OrganisationCommand;

[GenerateSerializer, Immutable, Alias("alfa.declare-capabilities")]
public sealed record DeclareCapabilities(
    [property: Id(0)] IReadOnlyList<Capability> Capabilities) : OrganisationCommand;

[GenerateSerializer, Immutable, Alias("alfa.withdraw-capability")]
public sealed record WithdrawCapability(
    [property: Id(0)] Capability Capability,
    [property: Id(1)] string? Reason) : OrganisationCommand;

[GenerateSerializer, Immutable, Alias("alfa.record-joined-network")]
public sealed record RecordJoinedNetwork(
    [property: Id(0)] DateOnly On) : OrganisationCommand;

[GenerateSerializer, Immutable, Alias("alfa.record-left-network")]
public sealed record RecordLeftNetwork(
    [property: Id(0)] DateOnly On,
    [property: Id(1)] string? Reason) : OrganisationCommand;

[GenerateSerializer, Immutable, Alias("alfa.archive-organisation")]
public sealed record ArchiveOrganisation(
    [property: Id(0)] string? Reason) : OrganisationCommand;

/// <summary>Undo an archiving done by mistake; the acronym must still be free (the store refuses it otherwise: 409).</summary>
[GenerateSerializer, Immutable, Alias("alfa.reinstate-organisation")]
public sealed record ReinstateOrganisation(
    [property: Id(0)] string? Reason) : OrganisationCommand;

/// <summary>The rules of an organisation's life: pure, so every rule is tested without I/O.</summary>
public static class OrganisationDecider
{
    public static Decision Decide(Organisation? state, OrganisationCommand command, DateOnly today)
    {
        if (command is RegisterOrganisation register)
        {
            return state is not null
                ? Rejection.Conflict("already_registered", $"Organisation {state.Acronym} is already registered.")
                : SizeRule(register.Kind, register.Size) ?? Decision.Accept(Register(register));
        }

        if (state is null)
        {
            return Rejection.NotFound("The organisation");
        }

        if (state.IsArchived)
        {
            return command is ReinstateOrganisation reinstate
                ? Decision.Accept(new OrganisationReinstated(reinstate.Reason?.Trim()))
                : Rejection.Conflict("archived", $"Organisation {state.Acronym} is archived and can no longer change.");
        }

        return command switch
        {
            UpdateOrganisationProfile update => UpdateProfile(state, update),
            DeclareCapabilities declare => Decision.Accept(
                declare.Capabilities.Distinct().Except(state.Capabilities).Select(c => new CapabilityDeclared(c))),
            WithdrawCapability withdraw => Withdraw(state, withdraw),
            ChangeCompanySize change => ChangeSize(state, change),
            RecordJoinedNetwork join => Join(state, join, today),
            RecordLeftNetwork leave => Leave(state, leave, today),
            ArchiveOrganisation archive => Decision.Accept(new OrganisationArchived(archive.Reason)),
            ReinstateOrganisation => Rejection.Conflict("not_archived", $"Organisation {state.Acronym} is not archived: there is nothing to reinstate."),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown organisation command."),
        };
    }

    private static OrganisationRegistered Register(RegisterOrganisation c) =>
        new(Guid.Empty, c.Name.Trim(), c.Acronym.Trim(), c.Kind, c.City?.Trim(), c.Country.Trim(), Trimmed(c.Affiliations), c.Website?.Trim(), c.Size);

    /// <summary>A partner company has a size category (its contracts are reported by size); no other kind has one.</summary>
    private static Rejection? SizeRule(OrganisationKind kind, CompanySize? size) => (kind, size) switch
    {
        (OrganisationKind.PartnerCompany, null) =>
            Rejection.Conflict("size_required", "A partner company is registered with its size category (Sme, MidSize or LargeGroup)."),
        (not OrganisationKind.PartnerCompany, not null) =>
            Rejection.Conflict("size_not_applicable", $"Only partner companies have a size category, not an organisation of kind {kind}."),
        _ => null,
    };

    private static Decision ChangeSize(Organisation state, ChangeCompanySize c) =>
        state.Kind != OrganisationKind.PartnerCompany ? SizeRule(state.Kind, c.Size)!
        : state.Size == c.Size ? Decision.Accept()
        : Decision.Accept(new CompanySizeChanged(c.Size, c.Reason?.Trim()));

    /// <summary>The grain fills in the id it owns; the decider never invents identities.</summary>
    public static Decision WithIdentity(this Decision decision, Guid organisationId) =>
        decision.IsAccepted
            ? Decision.Accept(decision.Events.Select(e => e is OrganisationRegistered r ? r with { OrganisationId = organisationId } : e))
            : decision;

    private static Decision UpdateProfile(Organisation state, UpdateOrganisationProfile c)
    {
        var updated = new OrganisationProfileUpdated(
            c.Name.Trim(), c.Acronym.Trim(), c.City?.Trim(), c.Country.Trim(), Trimmed(c.Affiliations), c.Website?.Trim());
        var unchanged = updated.Name == state.Name
            && updated.Acronym == state.Acronym
            && updated.City == state.City
            && updated.Country == state.Country
            && updated.Affiliations.SequenceEqual(state.Affiliations)
            && updated.Website == state.Website;
        return unchanged ? Decision.Accept() : Decision.Accept(updated);
    }

    private static string[] Trimmed(IEnumerable<string> values) => [.. values.Select(v => v.Trim())];

    private static Decision Withdraw(Organisation state, WithdrawCapability c) =>
        state.Capabilities.Contains(c.Capability)
            ? Decision.Accept(new CapabilityWithdrawn(c.Capability, c.Reason))
            : Rejection.Conflict("capability_not_declared", $"{state.Acronym} does not declare {c.Capability}.");

    private static Decision Join(Organisation state, RecordJoinedNetwork c, DateOnly today)
    {
        if (SizeRule(state.Kind, state.Size) is { } sizeMissing)
        {
            return sizeMissing; // a partner company registered before sizes were recorded: staff set its size first
        }

        if (c.On > today)
        {
            return Rejection.Conflict("date_in_future", "An organisation cannot join the network on a future date.");
        }

        if (state.IsNetworkMember)
        {
            return Rejection.Conflict("already_member", $"{state.Acronym} is already a member of the network since {state.NetworkPeriods[^1].JoinedOn:yyyy-MM-dd}.");
        }

        if (state.NetworkPeriods.Count > 0 && c.On < state.NetworkPeriods[^1].LeftOn)
        {
            return Rejection.Conflict("join_before_last_leave", $"{state.Acronym} left the network on {state.NetworkPeriods[^1].LeftOn:yyyy-MM-dd}; it cannot rejoin before that.");
        }

        return Decision.Accept(new OrganisationJoinedNetwork(c.On));
    }

    private static Decision Leave(Organisation state, RecordLeftNetwork c, DateOnly today)
    {
        if (c.On > today)
        {
            return Rejection.Conflict("date_in_future", "An organisation cannot leave the network on a future date.");
        }

        if (!state.IsNetworkMember)
        {
            return Rejection.Conflict("not_a_member", $"{state.Acronym} is not a member of the network.");
        }

        var joinedOn = state.NetworkPeriods[^1].JoinedOn;
        return c.On < joinedOn
            ? Rejection.Conflict("leave_before_join", $"{state.Acronym} joined the network on {joinedOn:yyyy-MM-dd}; it cannot leave before that.")
            : Decision.Accept(new OrganisationLeftNetwork(c.On, c.Reason));
    }
}
