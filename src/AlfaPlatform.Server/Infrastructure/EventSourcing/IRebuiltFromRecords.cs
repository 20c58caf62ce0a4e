namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// An async projection whose read model says what the records say now, never what they said before (the search
/// index): a rebuild writes it from every record once instead of replaying every event, and the projection goes on
/// from the daemon's high-water mark taken before the records were read.
/// </summary>
public interface IRebuiltFromRecords
{
    /// <summary>The projection's name, as the daemon and the rebuild route know it.</summary>
    string Projection { get; }

    /// <summary>Tears the read model down and writes it again from every record as it is now.</summary>
    Task RebuildAsync(CancellationToken cancellationToken);
}
