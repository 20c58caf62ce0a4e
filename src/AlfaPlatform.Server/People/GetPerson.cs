using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.People;

public static class GetPerson
{
    public sealed record Query(Guid PersonId, DateOnly? AsOf = null) : IQuery<PersonResponse?>;

    public sealed class Validator : AsOfValidator<Query>
    {
        public Validator(TimeProvider clock) : base(clock, x => x.AsOf)
        {
        }
    }

    public sealed class Handler(IQuerySession session, IGrainFactory grains, Caller caller) : IQueryHandler<Query, PersonResponse?>
    {
        public async ValueTask<PersonResponse?> Handle(Query query, CancellationToken cancellationToken)
        {
            var record = query.AsOf is { } asOf
                ? await StreamHistory.AsOfAsync<Person>(session, query.PersonId, asOf, cancellationToken)
                : await grains.GetGrain<IPersonGrain>(query.PersonId).CurrentRecordAsync(session, cancellationToken);
            return record is null ? null : PersonResponse.From(record, caller);
        }
    }
}
