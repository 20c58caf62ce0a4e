using JasperFx.Events;
using Marten;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>The documents a folding projection keeps: read by id, written whole.</summary>
public interface IProjectionDocuments
{
    Task<IReadOnlyList<T>> LoadManyAsync<T>(IEnumerable<Guid> ids, CancellationToken cancellationToken) where T : notnull;

    Task<IReadOnlyList<T>> LoadManyAsync<T>(IEnumerable<string> ids, CancellationToken cancellationToken) where T : notnull;

    void Store<T>(T[] documents) where T : notnull;
}

/// <summary>
/// An async projection that folds each batch of events into documents it loads by id and stores whole, and does
/// nothing else with the database. The daemon runs it over its session (<see cref="SessionDocuments"/>); a rebuild
/// runs it over every event with the documents kept in memory, and writes them once at the end (<see cref="FoldedRebuild{TProjection}"/>).
/// </summary>
public interface IFoldsDocuments
{
    /// <summary>Every document type the projection stores: what its teardown deletes and its rebuild writes.</summary>
    static abstract IReadOnlyList<Type> Documents { get; }

    Task FoldAsync(IProjectionDocuments documents, IReadOnlyList<IEvent> events, CancellationToken cancellation);
}

/// <summary>The documents as the daemon's session holds them.</summary>
public sealed class SessionDocuments(IDocumentOperations operations) : IProjectionDocuments
{
    public Task<IReadOnlyList<T>> LoadManyAsync<T>(IEnumerable<Guid> ids, CancellationToken cancellationToken) where T : notnull =>
        operations.LoadManyAsync<T>(cancellationToken, ids);

    public Task<IReadOnlyList<T>> LoadManyAsync<T>(IEnumerable<string> ids, CancellationToken cancellationToken) where T : notnull =>
        operations.LoadManyAsync<T>(cancellationToken, ids);

    public void Store<T>(T[] documents) where T : notnull => operations.Store(documents);
}

/// <summary>Documents kept in memory by id, the last stored of each id winning, as a session's upserts do.</summary>
public sealed class DocumentsInMemory(IDocumentStore store) : IProjectionDocuments
{
    private readonly Dictionary<Type, (Func<object, object> IdOf, Dictionary<object, object> ById)> _byType = [];

    /// <summary>Every document stored, the last version of each.</summary>
    public IEnumerable<object> All => _byType.Values.SelectMany(t => t.ById.Values);

    public Task<IReadOnlyList<T>> LoadManyAsync<T>(IEnumerable<Guid> ids, CancellationToken cancellationToken) where T : notnull =>
        Task.FromResult(Found<T>(ids.Cast<object>()));

    public Task<IReadOnlyList<T>> LoadManyAsync<T>(IEnumerable<string> ids, CancellationToken cancellationToken) where T : notnull =>
        Task.FromResult(Found<T>(ids));

    public void Store<T>(T[] documents) where T : notnull
    {
        var (idOf, byId) = Of(typeof(T));
        foreach (var document in documents)
        {
            byId[idOf(document)] = document;
        }
    }

    private IReadOnlyList<T> Found<T>(IEnumerable<object> ids)
    {
        var byId = Of(typeof(T)).ById;
        return [.. ids.Distinct().Select(id => byId.GetValueOrDefault(id)).OfType<T>()]; // each found once, as a session's
    }

    private (Func<object, object> IdOf, Dictionary<object, object> ById) Of(Type type)
    {
        if (!_byType.TryGetValue(type, out var documents))
        {
            var id = store.Options.FindOrResolveDocumentType(type).IdMember;
            Func<object, object> idOf = id is System.Reflection.PropertyInfo property
                ? d => property.GetValue(d)!
                : d => ((System.Reflection.FieldInfo)id).GetValue(d)!;
            _byType[type] = documents = (idOf, []);
        }

        return documents;
    }
}
