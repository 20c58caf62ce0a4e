using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Common;
using Mediator;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>A grain that owns one stream and executes its feature's commands against it.</summary>
[Alias("alfa.stream-grain`1")]
public interface IStreamGrain<in TCommand> : IGrainWithGuidKey
{
    /// <param name="expectedVersion">The version the caller saw (If-Match); null to act on the latest.</param>
    [Alias("execute")]
    Task<CommandResult> ExecuteAsync(TCommand command, long? expectedVersion);
}

/// <summary>
/// A change to one record: the body names what changes; which record (the route) and the version the caller saw
/// (If-Match) are filled in by the endpoint. Each feature names the id after its record.
/// </summary>
public abstract record StreamChange<TCommand, TGrain> : ICommand<CommandResult>
    where TGrain : IStreamGrain<TCommand>
{
    [JsonIgnore]
    public Guid StreamId { get; init; }

    [JsonIgnore]
    public long? ExpectedVersion { get; init; }

    /// <summary>The domain command, once validation has made the nullable fields safe to read.</summary>
    public abstract TCommand ToDomain();

    public Task<CommandResult> SendAsync(IGrainFactory grains) =>
        grains.GetGrain<TGrain>(StreamId).ExecuteAsync(ToDomain(), ExpectedVersion);
}
