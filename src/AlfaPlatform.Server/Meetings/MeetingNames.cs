using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Organisations.Contracts;
using AlfaPlatform.Server.People.Contracts;
using Marten;

namespace AlfaPlatform.Server.Meetings;

internal static class MeetingNames
{
    public static async Task<Dictionary<Guid, string>> OrganisationsAsync(IQuerySession session, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var organisations = await new OrganisationDirectory(session).FindManyAsync(ids, asOf: null, cancellationToken);
        return organisations.Values.ToDictionary(o => o.Id, o => o.Name);
    }

    public static async Task<Dictionary<Guid, string>> PeopleAsync(IQuerySession session, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var people = await new PeopleDirectory(session).FindManyAsync(ids, asOf: null, cancellationToken);
        return people.Values.ToDictionary(p => p.Id, p => p.DisplayName);
    }

    public static async Task<IReadOnlyList<MeetingResponse>> ShapeAsync(IQuerySession session, IReadOnlyList<StreamRecord<Meeting>> records, CancellationToken cancellationToken)
    {
        var organisations = await OrganisationsAsync(session, records.SelectMany(r => r.State.Details.Organisers), cancellationToken);
        return [.. records.Select(r => MeetingResponse.From(r, organisations))];
    }
}
