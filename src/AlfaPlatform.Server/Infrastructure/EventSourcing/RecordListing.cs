using System.Linq.Expressions;
using AlfaPlatform.Domain.Common;
using Marten;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// What a list of one kind's records shows, and in which order, in a form SQL and memory run alike: conditions simple
/// enough for Marten to translate, compiled for the records read as they stood on a past day; keys, then the id, so
/// that every record has one place and a page never takes an equal from its neighbour.
/// </summary>
/// <remarks>
/// Memory orders text by ordinal, as PostgreSQL does under the <c>C.UTF-8</c> collation the platform's own cluster is
/// created with (code point order; ordinal differs only between characters beyond the Basic Multilingual Plane and
/// those at its top). On a database of another collation, a list as of a past day merges the records changed since
/// by ordinal among the others, each still once.
/// </remarks>
public sealed class RecordListing<TState>
    where TState : class, IEventSourced<TState>
{
    private readonly Expression<Func<StreamRecord<TState>, bool>>[] _filters;
    private readonly RecordKey<TState>[] _keys;
    private readonly Lazy<Func<StreamRecord<TState>, bool>[]> _compiledFilters;

    public RecordListing(IEnumerable<Expression<Func<StreamRecord<TState>, bool>>> filters, params RecordKey<TState>[] orderBy)
    {
        _filters = [.. filters];
        _keys = orderBy;
        _compiledFilters = new(() => [.. _filters.Select(f => f.Compile())]);
    }

    /// <summary>
    /// A condition on the records as they are now (<see cref="StreamHistory.AllAsOfAsync{TState}"/>'s
    /// <c>matchingNow</c>): what a record never changes, or a rule about the record as it is today.
    /// </summary>
    public Expression<Func<StreamRecord<TState>, bool>>? MatchingNow { get; init; }

    /// <summary>The records that match, in order, in SQL.</summary>
    public IQueryable<StreamRecord<TState>> Apply(IQueryable<StreamRecord<TState>> records)
    {
        var matching = _filters.Aggregate(records, (all, filter) => all.Where(filter));
        var ordered = _keys.Skip(1).Aggregate(_keys[0].OrderFirst(matching), (all, key) => key.OrderNext(all));
        return ordered.ThenBy(r => r.Id);
    }

    /// <summary>
    /// The records <paramref name="skip"/> to <paramref name="skip"/> + <paramref name="take"/> of the list over
    /// <paramref name="records"/>, in order, and how many the list holds when <paramref name="counted"/> (null
    /// otherwise: a count reads every matching record, where a page alone can be read in order through an index and stop
    /// at its end). Each call of <paramref name="records"/> builds a query of its own: Marten keeps a query's statistics
    /// with every query built from it.
    /// </summary>
    public async Task<(IReadOnlyList<StreamRecord<TState>> Page, long? Total)> PageAsync(
        Func<IQueryable<StreamRecord<TState>>> records, int skip, int take, bool counted, CancellationToken cancellationToken)
    {
        if (!counted)
        {
            return (await Apply(records()).Skip(skip).Take(take).ToListAsync(cancellationToken), null);
        }

        var page = await Apply(records()).Stats(out var statistics).Skip(skip).Take(take).ToListAsync(cancellationToken);
        // Past the end, no row comes back to carry the count.
        return (page, page.Count > 0 || skip == 0 ? statistics.TotalResults : await Apply(records()).CountAsync(cancellationToken));
    }

    /// <summary>Whether a record read in memory matches, as <see cref="Apply(IQueryable{StreamRecord{TState}})"/> decides in SQL.</summary>
    public bool Matches(StreamRecord<TState> record) => _compiledFilters.Value.All(filter => filter(record));

    /// <summary>The order of <see cref="Apply(IQueryable{StreamRecord{TState}})"/>, in memory.</summary>
    public int Compare(StreamRecord<TState> x, StreamRecord<TState> y)
    {
        foreach (var key in _keys)
        {
            if (key.Compare(x, y) is var order and not 0)
            {
                return order;
            }
        }

        return x.Id.CompareTo(y.Id); // as PostgreSQL orders uuids: its bytes in the order they are written
    }
}

/// <summary>One key of a <see cref="RecordListing{TState}"/>'s order, ascending or descending, in SQL and in memory.</summary>
public abstract class RecordKey<TState>
    where TState : class, IEventSourced<TState>
{
    public static RecordKey<TState> Ascending<TKey>(Expression<Func<StreamRecord<TState>, TKey>> key) => new Key<TKey>(key, descending: false);

    public static RecordKey<TState> Descending<TKey>(Expression<Func<StreamRecord<TState>, TKey>> key) => new Key<TKey>(key, descending: true);

    internal abstract IOrderedQueryable<StreamRecord<TState>> OrderFirst(IQueryable<StreamRecord<TState>> records);

    internal abstract IOrderedQueryable<StreamRecord<TState>> OrderNext(IOrderedQueryable<StreamRecord<TState>> records);

    internal abstract int Compare(StreamRecord<TState> x, StreamRecord<TState> y);

    private sealed class Key<TKey>(Expression<Func<StreamRecord<TState>, TKey>> key, bool descending) : RecordKey<TState>
    {
        // Text by ordinal (see RecordListing's remarks); anything else by its own order, as PostgreSQL orders its type.
        private static readonly IComparer<TKey> Order = typeof(TKey) == typeof(string) ? (IComparer<TKey>)StringComparer.Ordinal : Comparer<TKey>.Default;
        private readonly Lazy<Func<StreamRecord<TState>, TKey>> _compiled = new(key.Compile);

        internal override IOrderedQueryable<StreamRecord<TState>> OrderFirst(IQueryable<StreamRecord<TState>> records) =>
            descending ? records.OrderByDescending(key) : records.OrderBy(key);

        internal override IOrderedQueryable<StreamRecord<TState>> OrderNext(IOrderedQueryable<StreamRecord<TState>> records) =>
            descending ? records.ThenByDescending(key) : records.ThenBy(key);

        internal override int Compare(StreamRecord<TState> x, StreamRecord<TState> y)
        {
            var order = Order.Compare(_compiled.Value(x), _compiled.Value(y));
            return descending ? -order : order;
        }
    }
}
