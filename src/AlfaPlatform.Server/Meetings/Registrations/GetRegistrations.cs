using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

public sealed record RegistrationsResponse(
    Guid MeetingId, long Version, DateOnly? AsOf, int? Capacity, IReadOnlyList<RegistrationResponse> Registered, IReadOnlyList<RegistrationResponse> WaitingList,
    IReadOnlyList<RegistrationResponse> PendingApproval, IReadOnlyList<RegistrationResponse> Cancelled, IReadOnlyList<RegistrationResponse> Declined);

/// <summary>A meeting's registrations (staff): seated in arrival order, the waiting list in its order, pending, cancelled, declined.</summary>
public static class GetRegistrations
{
    public sealed record Query(Guid MeetingId, DateOnly? AsOf = null) : IQuery<RegistrationsResponse?>;

    public sealed class Validator(TimeProvider clock) : AsOfValidator<Query>(clock, x => x.AsOf);

    public sealed class Handler(IQuerySession session, MeetingAccess access) : IQueryHandler<Query, RegistrationsResponse?>
    {
        public async ValueTask<RegistrationsResponse?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await MeetingRecords.OpenAsync(session, access, query.MeetingId, query.AsOf, cancellationToken) is not { State: var m } record)
            {
                return null;
            }

            List<RegistrationResponse> With(RegistrationStatus status) =>
                [.. m.Registrations.Where(r => r.Status == status).OrderBy(r => r.Arrival).Select(r => RegistrationResponse.From(m, r))];
            return new RegistrationsResponse(m.Id, record.Version, query.AsOf, m.Details.Capacity, With(RegistrationStatus.Registered), With(RegistrationStatus.Waiting),
                With(RegistrationStatus.PendingApproval), With(RegistrationStatus.Cancelled), With(RegistrationStatus.Declined));
        }
    }
}
