
namespace AlfaPlatform.Server.Infrastructure.Security;

/// <summary>
/// Who may read partner companies' names: staff and viewers. Members see partners as figures only (dashboards,
/// attendance) and find none in the directory; a partner sees its own company only.
/// </summary>
public static class PartnerNames
{
    public static bool HidesPartners(this Caller caller) => caller.Role is not (Roles.Staff or Roles.Viewer);
}
