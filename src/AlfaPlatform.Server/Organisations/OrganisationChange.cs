using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;

namespace AlfaPlatform.Server.Organisations;

/// <summary>
/// A change to an organisation (its registration included), answered with the organisation as its grain committed it.
/// Each operation maps its own endpoint (<c>IOperationEndpoint&lt;OrganisationChange&gt;</c>).
/// </summary>
public abstract record OrganisationChange : StreamChange<OrganisationCommand, Organisation, IOrganisationGrain>
{
    [JsonIgnore]
    public Guid OrganisationId { get => StreamId; init => StreamId = value; }
}
