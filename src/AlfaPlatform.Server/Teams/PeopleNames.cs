using AlfaPlatform.Server.People.Contracts;
using Marten;

namespace AlfaPlatform.Server.Teams;

internal static class PeopleNames
{
    public const string Unknown = "unknown person";

    public static async Task<Dictionary<Guid, string>> LoadAsync(IQuerySession session, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var people = await new PeopleDirectory(session).FindManyAsync(ids, asOf: null, cancellationToken);
        return people.Values.ToDictionary(p => p.Id, p => p.DisplayName);
    }
}
