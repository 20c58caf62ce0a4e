using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;

namespace AlfaPlatform.Server.Organisations;

/// <summary>A change to an organisation (its registration included).</summary>
public abstract record OrganisationChange : StreamChange<OrganisationCommand, IOrganisationGrain>
{
    [JsonIgnore]
    public Guid OrganisationId { get => StreamId; init => StreamId = value; }
}
