using System.Linq.Expressions;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Dashboards;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Organisations.Contracts;
using AlfaPlatform.Server.People.Contracts;
using Marten;

namespace AlfaPlatform.Server.Meetings;

/// <summary>
/// Who sees a meeting, and who the caller is as a registrant. Drafts are staff's; members-only meetings are the
/// network's (staff, members, viewers); public meetings are everyone's, signed in or not. A meeting the caller may not
/// see does not exist for them (404).
/// </summary>
public sealed class MeetingAccess(
    Caller caller, CallerIdentity identity, IQuerySession session, IGrainFactory grains, IPeopleDirectory people, IOrganisationDirectory organisations)
    : IRecordParties<Meeting>
{
    public bool IsStaff => caller.Role == Roles.Staff;

    public bool IsNetwork => caller.Role is Roles.Staff or Roles.Member or Roles.Viewer;

    /// <summary>Members see partner companies counted together, never named (as on the dashboards).</summary>
    public bool HidesPartners => caller.HidesPartners();

    public bool MaySee(Meeting meeting) =>
        IsStaff || (meeting.Status != MeetingStatus.Draft && (meeting.Details.Visibility == MeetingVisibility.Public || IsNetwork));

    /// <summary>The same rule as a filter, translated to SQL for the live calendar and compiled for as-of views.</summary>
    public Expression<Func<StreamRecord<Meeting>, bool>> Visible()
    {
        if (IsStaff)
        {
            return m => true;
        }

        if (IsNetwork)
        {
            return m => m.State.Status != MeetingStatus.Draft;
        }

        return m => m.State.Status != MeetingStatus.Draft && m.State.Details.Visibility == MeetingVisibility.Public;
    }

    public string RecordName => "The meeting";

    /// <summary>A meeting the caller may see: staff, or a party to it as the network's person or a partner's (their targets are none).</summary>
    async Task<RecordParty?> IRecordParties<Meeting>.PartyAsync(Guid recordId, CancellationToken cancellationToken) =>
        await OpenAsync(recordId, cancellationToken) is null ? null : new RecordParty(IsStaff, IsOwner: false, new HashSet<Guid>());

    public async Task<StreamRecord<Meeting>?> OpenAsync(Guid meetingId, CancellationToken cancellationToken) =>
        await grains.GetGrain<IMeetingGrain>(meetingId).CurrentRecordAsync(session, cancellationToken) is { } record && MaySee(record.State) ? record : null;

    /// <summary>The person the caller's account is linked to (members, staff), if any.</summary>
    public async Task<Guid?> CallerPersonAsync(CancellationToken cancellationToken) =>
        (await identity.PersonAsync(cancellationToken))?.PersonId;

    /// <summary>
    /// The ids the caller registers and submits under: the linked person for the network's people, the account for a
    /// partner's person (a partner's account is bound to its company by the token).
    /// </summary>
    public Task<Guid?> CallerRegistrantIdAsync(CancellationToken cancellationToken) =>
        identity.PersonOrPartnerAccountAsync(cancellationToken);

    /// <summary>The caller registering themselves.</summary>
    public async Task<Outcome<Registrant>> CallerAsRegistrantAsync(CancellationToken cancellationToken)
    {
        if (caller.Role == Roles.Partner)
        {
            return Guid.TryParse(caller.ActorId, out var account) && caller.Organisation is { } company && company != Guid.Empty
                ? new Registrant(RegistrantKind.Account, account, caller.ActorName ?? "partner", company, IsNetworkMember: false)
                : Rejection.Forbidden("not_a_person", "Only a partner's people register, not its systems (API clients).");
        }

        return await CallerPersonAsync(cancellationToken) is { } person
            ? await PersonAsRegistrantAsync(person, cancellationToken)
            : Rejection.Conflict("no_linked_person", "Your account is not linked to a person of the directory: ask staff to link it, or to register you.");
    }

    /// <summary>A person of the directory, as a registrant: a network member unless their organisation is a partner company.</summary>
    public async Task<Outcome<Registrant>> PersonAsRegistrantAsync(Guid personId, CancellationToken cancellationToken)
    {
        if (await people.FindAsync(personId, cancellationToken) is not { IsActive: true } person)
        {
            return Rejection.Conflict("unknown_person", "The person does not exist or is deactivated.");
        }

        var organisation = person.PrimaryAffiliation is { } affiliation
            ? await organisations.FindAsync(affiliation, cancellationToken)
            : null;
        return new Registrant(RegistrantKind.Person, personId, person.DisplayName, person.PrimaryAffiliation,
            IsNetworkMember: organisation?.Kind != OrganisationKind.PartnerCompany);
    }
}
