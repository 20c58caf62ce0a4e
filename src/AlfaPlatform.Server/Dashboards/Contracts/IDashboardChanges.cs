namespace AlfaPlatform.Server.Dashboards.Contracts;

/// <summary>A dashboards' projection advanced (or started or finished a rebuild): the dashboards it feeds may have new figures.</summary>
public sealed record DashboardChange(string Projection, IReadOnlyList<string> Dashboards, long Sequence, bool Rebuilding);

/// <summary>What open dashboards (the API's change stream, the web app's pages) listen to on this gateway.</summary>
public interface IDashboardChanges
{
    /// <summary>Changes from now on, until <paramref name="cancellationToken"/> ends the listening.</summary>
    IAsyncEnumerable<DashboardChange> ListenAsync(CancellationToken cancellationToken);
}
