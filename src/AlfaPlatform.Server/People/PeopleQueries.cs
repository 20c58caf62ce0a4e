using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Teams.Contracts;

namespace AlfaPlatform.Server.People;

/// <summary>
/// A person as the API shows them. Contact details (email, phone) only to staff. <see cref="Name"/> is what rosters
/// show: "erased person" once their data is erased (the other fields are then blank).
/// </summary>
public sealed record PersonResponse(
    Guid Id, long Version, string Name, string GivenName, string FamilyName, string? Email, string? Orcid, string? Title, string? Phone,
    Guid? PrimaryAffiliation, Guid? AccountId, bool IsActive, bool IsErased, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static PersonResponse From(StreamRecord<Person> record, Caller caller) => From(record, contact: caller.Role == Roles.Staff);

    public static PersonResponse From(StreamRecord<Person> record, bool contact)
    {
        var p = record.State;
        return new PersonResponse(
            record.Id, record.Version, p.DisplayName, p.GivenName, p.FamilyName, contact && p.Email.Length > 0 ? p.Email : null,
            p.Orcid, p.Title, contact ? p.Phone : null, p.PrimaryAffiliation, contact ? p.AccountId : null, p.IsActive, p.IsErased, record.CreatedAt, record.UpdatedAt);
    }
}

/// <summary>One of a person's memberships over time.</summary>
public sealed record MembershipResponse(
    Guid TeamId, string TeamName, Guid OrganisationId, TeamRole Role, string? RoleLabel, DateOnly JoinedOn, DateOnly? LeftOn, IReadOnlyList<RolePeriod> Roles);

/// <summary>
/// The searchable directory: by name, organisation (affiliation or team), role held and team focus area. Staff see
/// everyone's email and phone; a member sees those of people in their own organisation (the primary affiliation of
/// the person their account is linked to); viewers see none.
/// </summary>
public static class FindPeople
{
    public sealed record Query(
        string? Text = null, Guid? OrganisationId = null, TeamRole? Role = null, string? FocusArea = null, bool IncludeInactive = false,
        DateOnly? AsOf = null)
        : IQuery<IReadOnlyList<PersonResponse>>;

    public sealed class Validator : AsOfValidator<Query>
    {
        public Validator(TimeProvider clock) : base(clock, x => x.AsOf)
        {
            RuleFor(x => x.Text).MaximumLength(200);
            RuleFor(x => x.FocusArea).MaximumLength(100);
        }
    }

    public sealed class Handler(IQuerySession session, Caller caller, CallerIdentity identity, ITeamMemberships memberships)
        : IQueryHandler<Query, IReadOnlyList<PersonResponse>>
    {
        public async ValueTask<IReadOnlyList<PersonResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            var found = query.AsOf is { } asOf ? await AsOfAsync(query, asOf, cancellationToken) : await LiveAsync(query, cancellationToken);
            var ownOrganisation = await OwnOrganisationAsync(cancellationToken);
            return [.. found.Select(p => PersonResponse.From(p, contact: caller.Role == Roles.Staff
                || (ownOrganisation is { } own && p.State.PrimaryAffiliation == own)))];
        }

        private async Task<IReadOnlyList<StreamRecord<Person>>> LiveAsync(Query query, CancellationToken cancellationToken)
        {
            var people = session.Query<StreamRecord<Person>>().AsQueryable();
            if (!query.IncludeInactive)
            {
                people = people.Where(p => p.State.IsActive);
            }

            if (query.Text?.Trim() is { Length: > 0 } text)
            {
                people = people.Where(p => p.State.GivenName.Contains(text, StringComparison.OrdinalIgnoreCase)
                    || p.State.FamilyName.Contains(text, StringComparison.OrdinalIgnoreCase));
            }

            if (query.OrganisationId is not null || query.Role is not null || query.FocusArea is not null)
            {
                var inTeams = await MembersOfMatchingTeamsAsync(query, day: null, cancellationToken);
                var organisation = query.Role is null && query.FocusArea is null ? query.OrganisationId : null;
                people = people.Where(p => p.Id.IsOneOf(inTeams) || (organisation != null && p.State.PrimaryAffiliation == organisation));
            }

            return await people.OrderBy(p => p.State.FamilyName).ThenBy(p => p.State.GivenName).Take(500).ToListAsync(cancellationToken);
        }

        /// <summary>The directory as of a day: people as the platform knew them then, in the teams of that day.</summary>
        private async Task<IReadOnlyList<StreamRecord<Person>>> AsOfAsync(Query query, DateOnly asOf, CancellationToken cancellationToken)
        {
            var people = (await StreamHistory.AllAsOfAsync<Person>(session, asOf, cancellationToken)).AsEnumerable();
            if (!query.IncludeInactive)
            {
                people = people.Where(p => p.State.IsActive);
            }

            if (query.Text?.Trim() is { Length: > 0 } text)
            {
                people = people.Where(p => p.State.GivenName.Contains(text, StringComparison.OrdinalIgnoreCase)
                    || p.State.FamilyName.Contains(text, StringComparison.OrdinalIgnoreCase));
            }

            if (query.OrganisationId is not null || query.Role is not null || query.FocusArea is not null)
            {
                var inTeams = (await MembersOfMatchingTeamsAsync(query, asOf, cancellationToken)).ToHashSet();
                var organisation = query.Role is null && query.FocusArea is null ? query.OrganisationId : null;
                people = people.Where(p => inTeams.Contains(p.Id) || (organisation != null && p.State.PrimaryAffiliation == organisation));
            }

            return [.. people.OrderBy(p => p.State.FamilyName, StringComparer.Ordinal).ThenBy(p => p.State.GivenName, StringComparer.Ordinal).Take(500)];
        }

        /// <summary>Members of the teams that match (today's, or those of <paramref name="day"/>), holding the role asked for.</summary>
        private async Task<Guid[]> MembersOfMatchingTeamsAsync(Query query, DateOnly? day, CancellationToken cancellationToken) =>
            [.. await memberships.PeopleOfTeamsAsync(query.OrganisationId, query.FocusArea, query.Role, day, cancellationToken)];

        /// <summary>A member's own organisation: the primary affiliation of the person linked to their account.</summary>
        private async Task<Guid?> OwnOrganisationAsync(CancellationToken cancellationToken) =>
            (await identity.MemberPersonAsync(cancellationToken))?.PrimaryAffiliation;
    }
}

public static class GetPerson
{
    public sealed record Query(Guid PersonId, DateOnly? AsOf = null) : IQuery<PersonResponse?>;

    public sealed class Validator : AsOfValidator<Query>
    {
        public Validator(TimeProvider clock) : base(clock, x => x.AsOf)
        {
        }
    }

    public sealed class Handler(IQuerySession session, Caller caller) : IQueryHandler<Query, PersonResponse?>
    {
        public async ValueTask<PersonResponse?> Handle(Query query, CancellationToken cancellationToken)
        {
            var record = query.AsOf is { } asOf
                ? await StreamHistory.AsOfAsync<Person>(session, query.PersonId, asOf, cancellationToken)
                : await session.LoadAsync<StreamRecord<Person>>(query.PersonId, cancellationToken);
            return record is null ? null : PersonResponse.From(record, caller);
        }
    }
}

/// <summary>A person's history is staff's to read: it holds their contact details.</summary>
public static class GetPersonHistory
{
    public sealed record Query(Guid PersonId) : IQuery<IReadOnlyList<HistoryEntry>?>;

    public sealed class Handler(IQuerySession session, IOptions<JsonOptions> json) : IQueryHandler<Query, IReadOnlyList<HistoryEntry>?>
    {
        public async ValueTask<IReadOnlyList<HistoryEntry>?> Handle(Query query, CancellationToken cancellationToken) =>
            await StreamHistory.HistoryAsync<Person>(session, query.PersonId, json.Value.SerializerOptions, cancellationToken);
    }
}

/// <summary>
/// Every team a person has been in, with dates and roles: "what was this member last year?". As of a date, the teams
/// they were in that day, in the role they held then (by membership dates, as the platform knows them now).
/// </summary>
public static class GetMemberships
{
    public sealed record Query(Guid PersonId, DateOnly? AsOf = null) : IQuery<IReadOnlyList<MembershipResponse>?>;

    public sealed class Validator : AsOfValidator<Query>
    {
        public Validator(TimeProvider clock) : base(clock, x => x.AsOf)
        {
        }
    }

    public sealed class Handler(IQuerySession session, ITeamMemberships memberships) : IQueryHandler<Query, IReadOnlyList<MembershipResponse>?>
    {
        public async ValueTask<IReadOnlyList<MembershipResponse>?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await session.LoadAsync<StreamRecord<Person>>(query.PersonId, cancellationToken) is null)
            {
                return null;
            }

            return [.. (await memberships.PeriodsOfAsync(query.PersonId, query.AsOf, cancellationToken))
                .Select(p => new MembershipResponse(
                    p.TeamId, p.TeamName, p.OrganisationId, p.Membership.Role, p.Membership.RoleLabel, p.Membership.JoinedOn, p.Membership.LeftOn, p.Membership.Roles))
                .OrderBy(m => m.JoinedOn)];
        }
    }
}
