using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;

namespace AlfaPlatform.Server.Organisations.Contracts;

/// <summary>An organisation as other features may know it: its names, kind and standing in the network.</summary>
public sealed record OrganisationEntry(Guid Id, string Name, string Acronym, OrganisationKind Kind, bool IsNetworkMember, bool IsArchived)
{
    public static OrganisationEntry From(Organisation organisation) =>
        new(organisation.Id, organisation.Name, organisation.Acronym, organisation.Kind, organisation.IsNetworkMember, organisation.IsArchived);
}

/// <summary>
/// The organisations' part of the directory other features read instead of the organisations' records: today
/// (the inline records) or as of the end of a day (the streams folded, as every as-of answer is).
/// </summary>
public interface IOrganisationDirectory
{
    Task<OrganisationEntry?> FindAsync(Guid organisationId, CancellationToken cancellationToken);

    /// <summary>The organisations among <paramref name="ids"/> that exist (today, or as of <paramref name="asOf"/>), by id.</summary>
    Task<IReadOnlyDictionary<Guid, OrganisationEntry>> FindManyAsync(IEnumerable<Guid> ids, DateOnly? asOf, CancellationToken cancellationToken);

    /// <summary>Whether any organisation exists today besides <paramref name="ids"/> (the network seed asks before it runs).</summary>
    Task<bool> AnyBesidesAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);
}

public sealed class OrganisationDirectory(IQuerySession session) : IOrganisationDirectory
{
    public async Task<OrganisationEntry?> FindAsync(Guid organisationId, CancellationToken cancellationToken) =>
        await session.LoadAsync<StreamRecord<Organisation>>(organisationId, cancellationToken) is { State: var organisation }
            ? OrganisationEntry.From(organisation)
            : null;

    public async Task<IReadOnlyDictionary<Guid, OrganisationEntry>> FindManyAsync(IEnumerable<Guid> ids, DateOnly? asOf, CancellationToken cancellationToken)
    {
        var distinct = ids.Distinct().ToArray();
        if (distinct.Length == 0)
        {
            return new Dictionary<Guid, OrganisationEntry>();
        }

        var records = asOf is { } day
            ? await StreamHistory.AsOfAsync<Organisation>(session, distinct, day, cancellationToken)
            : await session.LoadManyAsync<StreamRecord<Organisation>>(cancellationToken, distinct);
        return records.ToDictionary(r => r.Id, r => OrganisationEntry.From(r.State));
    }

    public Task<bool> AnyBesidesAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var known = ids.ToArray();
        return session.Query<StreamRecord<Organisation>>().AnyAsync(x => !x.Id.IsOneOf(known), cancellationToken);
    }
}
