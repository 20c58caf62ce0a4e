using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Npgsql;

namespace AlfaPlatform.Benchmarks.Running;

/// <summary>What every scenario of one benchmark run shares: one platform over one database.</summary>
/// <param name="Platform">The platform hosted in this process (its services, for figures measured in process).</param>
/// <param name="Staff">Signed in as staff, over pooled connections to the platform's Kestrel port.</param>
/// <param name="Database">The platform's own database, for raw SQL (the anchors) beside it.</param>
public sealed record BenchContext(WebApplication Platform, HttpClient Staff, NpgsqlDataSource Database)
{
    /// <summary>Concurrent writers wherever a figure writes in parallel, so that figures compare.</summary>
    public const int Writers = 8;

    private readonly ConcurrentDictionary<string, ConcurrentQueue<Measurement>> _measured = new();

    /// <summary>The runs of <paramref name="figure"/> measured so far in this process: a figure may pace itself on another's (P5 on P1).</summary>
    public IReadOnlyCollection<Measurement> Measured(string figure) => _measured.TryGetValue(figure, out var runs) ? runs : [];

    internal void Record(string figure, Measurement run) => _measured.GetOrAdd(figure, _ => new ConcurrentQueue<Measurement>()).Enqueue(run);
}
