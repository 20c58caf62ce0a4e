using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Search.Contracts;
using Marten;

namespace AlfaPlatform.Server.Dashboards;

/// <summary>
/// The async projections behind the dashboards, by name (the name Marten's daemon knows them by, their shard in
/// <c>mt_event_progression</c>, and what <c>POST /api/dashboards/rebuild</c> takes), and the dashboards each feeds.
/// </summary>
public static class DashboardProjections
{
    public const string Network = "dashboard-network";
    public const string Membership = "dashboard-membership";
    public const string Partnerships = "dashboard-partnerships";
    public const string Activity = "dashboard-activity";
    public const string Meetings = "dashboard-meetings";

    /// <summary>Projection → the dashboard resources (under <c>/api/dashboards/</c>) it feeds.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Feeds = new Dictionary<string, IReadOnlyList<string>>
    {
        [Network] = ["network"],
        [Membership] = ["membership"],
        [Partnerships] = ["pipeline", "value", "experience"],
        [Activity] = ["activity"],
        [Meetings] = ["meetings"],
    };

    public static IReadOnlyList<string> All { get; } = [.. Feeds.Keys];

    /// <summary>What the rebuild route rebuilds: the dashboards' projections and the search index, kept the same way.</summary>
    public static IReadOnlyList<string> Rebuildable { get; } = [.. All, SearchIndexProjection.Name];

    /// <summary>
    /// The projections whose stored shape changed, with their version: a new version's shard starts from the first
    /// event, so a deployed database replays it on its own. Version 2 of the network overview keeps each figure's
    /// change per day instead of a row per change; version 2 of the activity feed keeps its entries as columns of
    /// their own table (<see cref="ActivityFeedSchema"/>) instead of documents (version 1's table, left in a deployed
    /// database, is read no more and may be dropped).
    /// </summary>
    private static readonly Dictionary<string, uint> Versions = new() { [Network] = 2, [Activity] = 2 };

    public static uint VersionOf(string projection) => Versions.GetValueOrDefault(projection, 1u);

    /// <summary>The shard Marten's daemon records progress under for a projection that is not sharded.</summary>
    public static string ShardOf(string projection) => AsyncProjections.ShardOf(projection, VersionOf(projection));
}

/// <summary>How fresh an answer is: the event sequence its projection has reached, the store's newest, and whether a rebuild runs.</summary>
/// <param name="Sequence">The last event sequence the projection has applied (0 before its first batch).</param>
/// <param name="HighWaterMark">The newest event sequence in the store: the projection is caught up when both agree.</param>
/// <param name="CheckedAt">When this was read.</param>
/// <param name="Rebuilding">True while a rebuild of the projection runs: figures may be partial until it ends.</param>
public sealed record Freshness(string Projection, long Sequence, long HighWaterMark, DateTimeOffset CheckedAt, bool Rebuilding);

/// <summary>A dashboard's answer: the day it is about, how fresh it is, and its figures.</summary>
/// <param name="AsOf">The figures are as the platform knew them at the end of this day (UTC).</param>
/// <param name="PartnerNamesHidden">True for members: partner companies are aggregated, never named.</param>
public sealed record DashboardAnswer<T>(string Dashboard, DateOnly AsOf, bool PartnerNamesHidden, Freshness Freshness, T Figures);

/// <summary>A rebuild of one projection, as a document every node reads (so "rebuilding" holds across the cluster).</summary>
/// <param name="StartedAt">When it was asked for (the projection counts as rebuilding from then).</param>
/// <param name="RunOn">The node that runs it, the daemon's leader; none until that node takes it up.</param>
public sealed record ProjectionRebuild(string Id, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? RequestedBy, string? Failure, string? RunOn)
{
    public bool Running => FinishedAt is null;
}

/// <summary>Reads the daemon's progress for a projection, cluster-wide, from the database.</summary>
public sealed class DashboardFreshness(TimeProvider clock)
{
    /// <summary>
    /// The projection's progress, the store's newest event and whether a rebuild runs, in one statement: a dashboard
    /// read under write load waits for the database once for them, not three times on two connections.
    /// </summary>
    public async Task<Freshness> ReadAsync(IQuerySession session, string projection, CancellationToken cancellationToken) =>
        (await ReadWithAsync<object>(session, projection, "null", cancellationToken)).Fresh;

    /// <summary>
    /// The freshness and the dashboard's own figures in the same statement (one wait for the database, not two):
    /// <paramref name="figuresJson"/> is an SQL expression of one JSON value, read as <typeparamref name="T"/>, whose
    /// <c>?</c> take <paramref name="parameters"/>.
    /// </summary>
    public async Task<(Freshness Fresh, T Figures)> ReadWithAsync<T>(
        IQuerySession session, string projection, string figuresJson, CancellationToken cancellationToken, params object[] parameters)
    {
        var options = session.DocumentStore.Options;
        var rebuilds = options.FindOrResolveDocumentType(typeof(ProjectionRebuild)).TableName.QualifiedName;
        var state = (await session.AdvancedSql.QueryAsync<State<T>>(
            "select jsonb_build_object(" +
            $"'sequence', coalesce((select last_seq_id from {options.Events.DatabaseSchemaName}.mt_event_progression where name = ?), 0), " +
            $"'newest', {EventSequence.Newest(session)}, " +
            $"'rebuilding', exists (select 1 from {rebuilds} where id = ? and data ->> 'finishedAt' is null), " +
            $"'figures', {figuresJson})",
            cancellationToken, [DashboardProjections.ShardOf(projection), projection, .. parameters])).Single();
        return (new Freshness(projection, state.Sequence, state.Newest, clock.GetUtcNow(), state.Rebuilding), state.Figures);
    }

    private sealed record State<T>(long Sequence, long Newest, bool Rebuilding, T Figures);
}

/// <summary>The two clocks of an "as of" answer.</summary>
/// <param name="Day">The business day asked about (membership dates, signed dates are compared with it).</param>
/// <param name="KnownBy">The end of that day (UTC): only facts the platform had recorded by then count.</param>
public readonly record struct AsOf(DateOnly Day, DateTimeOffset KnownBy)
{
    public static AsOf For(DateOnly? asked, TimeProvider clock)
    {
        var day = asked ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return new AsOf(day, StreamHistory.EndOfDay(day));
    }

    public bool Knew(DateTimeOffset? recordedAt) => recordedAt is { } at && at <= KnownBy;
}

public static class Statistics
{
    /// <summary>The <paramref name="percentile"/> (0–100) of <paramref name="values"/>, by linear interpolation; null when empty.</summary>
    public static double? Percentile(IEnumerable<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var rank = percentile / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return Math.Round(sorted[low] + ((sorted[high] - sorted[low]) * (rank - low)), 2, MidpointRounding.AwayFromZero);
    }

    public static double Days(DateTimeOffset from, DateTimeOffset to) => (to - from).TotalDays;

    /// <summary>"2025-03": the month a day falls in, as dashboards group by.</summary>
    public static string Month(DateOnly day) => $"{day.Year:D4}-{day.Month:D2}";

    public static string Month(DateTimeOffset at) => Month(DateOnly.FromDateTime(at.UtcDateTime));

    /// <summary>
    /// The first days of the <paramref name="count"/> months up to the one <paramref name="day"/> falls in, oldest
    /// first: those before the calendar's first month (0001-01) do not exist and are left out, so no day overflows.
    /// </summary>
    public static IReadOnlyList<DateOnly> MonthsUpTo(DateOnly day, int count)
    {
        var months = day.Year * 12 + day.Month - 1; // months since the start of year 0: 0001-01 is 12
        return [.. Enumerable.Range(Math.Max(12, months - count + 1), Math.Min(count, months - 11))
            .Select(month => new DateOnly(month / 12, month % 12 + 1, 1))];
    }
}
