using System.Linq.Expressions;
using AlfaPlatform.Domain.Common;
using Marten;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// What a list of one kind's records shows, and in which order, in a form SQL and memory run alike: conditions simple
/// enough for Marten to translate, compiled for the records read as they stood on a past day; text keys, then the id,
/// so that every record has one place and a page never takes an equal from its neighbour.
/// </summary>
/// <remarks>
/// Memory orders the keys by ordinal, as PostgreSQL does under the <c>C.UTF-8</c> collation the platform's own cluster
/// is created with (code point order; ordinal differs only between characters beyond the Basic Multilingual Plane
/// and those at its top). On a database of another collation, a list as of a past day merges the records changed
/// since by ordinal among the others, each still once.
/// </remarks>
public sealed class RecordListing<TState>
    where TState : class, IEventSourced<TState>
{
    private readonly Expression<Func<StreamRecord<TState>, bool>>[] _filters;
    private readonly Expression<Func<StreamRecord<TState>, string>>[] _keys;
    private readonly Lazy<Func<StreamRecord<TState>, bool>[]> _compiledFilters;
    private readonly Lazy<Func<StreamRecord<TState>, string>[]> _compiledKeys;

    public RecordListing(IEnumerable<Expression<Func<StreamRecord<TState>, bool>>> filters, params Expression<Func<StreamRecord<TState>, string>>[] orderBy)
    {
        _filters = [.. filters];
        _keys = orderBy;
        _compiledFilters = new(() => [.. _filters.Select(f => f.Compile())]);
        _compiledKeys = new(() => [.. _keys.Select(k => k.Compile())]);
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
        var ordered = _keys.Skip(1).Aggregate(matching.OrderBy(_keys[0]), (all, key) => all.ThenBy(key));
        return ordered.ThenBy(r => r.Id);
    }

    /// <summary>Whether a record read in memory matches, as <see cref="Apply(IQueryable{StreamRecord{TState}})"/> decides in SQL.</summary>
    public bool Matches(StreamRecord<TState> record) => _compiledFilters.Value.All(filter => filter(record));

    /// <summary>The order of <see cref="Apply(IQueryable{StreamRecord{TState}})"/>, in memory.</summary>
    public int Compare(StreamRecord<TState> x, StreamRecord<TState> y)
    {
        foreach (var key in _compiledKeys.Value)
        {
            if (string.CompareOrdinal(key(x), key(y)) is var order and not 0)
            {
                return order;
            }
        }

        return x.Id.CompareTo(y.Id); // as PostgreSQL orders uuids: its bytes in the order they are written
    }
}
