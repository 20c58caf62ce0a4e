using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Security;

namespace AlfaPlatform.Server.People;

/// <summary>
/// A person as the API shows them. Contact details (email, phone) only to staff. <see cref="Name"/> is what rosters
/// show: "erased person" once their data is erased (the other fields are then blank).
/// </summary>
public sealed record PersonResponse(
    Guid Id, long Version, string Name, string GivenName, string FamilyName, string? Email, string? Orcid, string? Title, string? Phone,
    Guid? PrimaryAffiliation, Guid? AccountId, bool IsActive, bool IsErased, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static PersonResponse From(StreamRecord<Person> record, Caller caller) => From(record, contact: caller.Role == Roles.Staff);

    public static PersonResponse From(StreamRecord<Person> record, bool contact)
    {
        var p = record.State;
        return new PersonResponse(
            record.Id, record.Version, p.DisplayName, p.GivenName, p.FamilyName, contact && p.Email.Length > 0 ? p.Email : null,
            p.Orcid, p.Title, contact ? p.Phone : null, p.PrimaryAffiliation, contact ? p.AccountId : null, p.IsActive, p.IsErased, record.CreatedAt, record.UpdatedAt);
    }
}
