using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Organisations.Contracts;
using FluentValidation;
using Marten;

namespace AlfaPlatform.Server.Meetings;

internal static class Attendance
{
    /// <param name="hidePartners">Members: partner companies are counted together as "Partner companies", never named.</param>
    public static async Task<IReadOnlyList<OrganisationAttendance>> ByOrganisationAsync(
        IQuerySession session, IEnumerable<Registration> registrations, bool hidePartners, CancellationToken cancellationToken)
    {
        var active = registrations.Where(r => r.IsActive).ToList();
        var ids = active.Select(r => r.Registrant.OrganisationId).OfType<Guid>().Distinct().ToArray();
        var organisations = await new OrganisationDirectory(session).FindManyAsync(ids, asOf: null, cancellationToken);
        (Guid? Id, string Name) Group(Guid? id) => id is not { } known
            ? (null, "no organisation")
            : !organisations.TryGetValue(known, out var o)
                ? (known, "unknown organisation")
                : hidePartners && o.Kind == OrganisationKind.PartnerCompany ? (null, "Partner companies") : (known, o.Name);
        return [.. active.GroupBy(r => Group(r.Registrant.OrganisationId)).Select(g => new OrganisationAttendance(
                g.Key.Id, g.Key.Name,
                g.Count(r => r.Status == RegistrationStatus.Registered), g.Count(r => r.Status == RegistrationStatus.Waiting), g.Count(r => r.CheckedInOn is not null)))
            .OrderByDescending(a => a.Registered).ThenBy(a => a.Name, StringComparer.Ordinal)];
    }
}
