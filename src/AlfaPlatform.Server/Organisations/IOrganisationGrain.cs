using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;

namespace AlfaPlatform.Server.Organisations;

/// <summary>The single writer of one organisation's stream, keyed by the organisation's id.</summary>
[Alias("alfa.organisation-grain")]
public interface IOrganisationGrain : IStreamGrain<OrganisationCommand, Organisation>;
