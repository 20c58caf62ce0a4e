namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// An async projection whose rebuild writes its read model whole instead of replaying every event through the daemon,
/// batch by batch: the search index from every record as it is now, the activity feed in a few statements over the
/// events. The runner stops the projection's agent, takes the daemon's high-water mark, calls
/// <see cref="RebuildAsync"/>, and lets the projection go on from the mark; so its writes must be the same when an
/// event is applied twice (once here, once after the mark).
/// </summary>
public interface IRebuiltWithoutReplay
{
    /// <summary>The projection's name, as the daemon and the rebuild route know it.</summary>
    string Projection { get; }

    /// <summary>
    /// Tears the read model down and writes it again, holding every event up to <paramref name="highWaterMark"/> (all
    /// committed): the projection applies the later ones.
    /// </summary>
    Task RebuildAsync(long highWaterMark, CancellationToken cancellationToken);
}
