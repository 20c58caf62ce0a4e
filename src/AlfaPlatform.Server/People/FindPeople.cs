using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Teams.Contracts;
using FluentValidation;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.People;

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
            var people = (await StreamHistory.AllAsOfAsync<Person>(session, asOf, matchingNow: null, cancellationToken)).AsEnumerable();
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
