using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using Mediator;

namespace AlfaPlatform.Server.Organisations;

/// <summary>
/// A change to an existing organisation. The body names what changes; which organisation (the route) and the
/// version the caller saw (If-Match) are filled in by the endpoint.
/// </summary>
public abstract record OrganisationChange : ICommand<CommandResult>
{
    [JsonIgnore]
    public Guid OrganisationId { get; init; }

    [JsonIgnore]
    public long? ExpectedVersion { get; init; }

    /// <summary>The domain command, once validation has made the nullable fields safe to read.</summary>
    public abstract OrganisationCommand ToDomain();

    public Task<CommandResult> SendAsync(IGrainFactory grains) =>
        grains.GetGrain<IOrganisationGrain>(OrganisationId).ExecuteAsync(ToDomain(), ExpectedVersion);
}
