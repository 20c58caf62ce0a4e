using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;

namespace AlfaPlatform.Server.Organisations;

/// <summary>The single writer of one organisation's stream, keyed by the organisation's id.</summary>
[Alias("alfa.organisation-grain")]
public interface IOrganisationGrain : IGrainWithGuidKey
{
    /// <param name="expectedVersion">The version the caller saw (If-Match); null to act on the latest.</param>
    [Alias("execute")]
    Task<CommandResult> ExecuteAsync(OrganisationCommand command, long? expectedVersion);
}
