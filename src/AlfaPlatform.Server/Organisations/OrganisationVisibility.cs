using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;

namespace AlfaPlatform.Server.Organisations;

/// <summary>
/// Which organisations a caller finds in the directory (list, record, history, as of any date): a partner only its
/// own; whoever partner names are hidden from (<see cref="PartnerNames"/>: members) no partner company at all, so a
/// partner's name never reaches them through the directory either.
/// </summary>
public static class OrganisationVisibility
{
    public static bool MaySee(this Caller caller, Organisation organisation) => caller.Organisation is { } own
        ? own == organisation.Id
        : organisation.Kind != OrganisationKind.PartnerCompany || !caller.HidesPartners();

    /// <summary>The directory's filter for callers that are not a partner (a partner's is its own id).</summary>
    public static bool HidesPartnerCompanies(this Caller caller) => caller.Organisation is null && caller.HidesPartners();
}
