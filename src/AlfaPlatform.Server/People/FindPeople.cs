using System.Linq.Expressions;
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
        /// <summary>The most a search shows: a directory search narrows, it does not page.</summary>
        private const int Shown = 500;

        public async ValueTask<IReadOnlyList<PersonResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            var listing = Listing(await FiltersAsync(query, cancellationToken));
            var (found, _) = await StreamHistory.PageAsOfAsync(session, query.AsOf, listing, skip: 0, take: Shown, counted: false, cancellationToken);
            var ownOrganisation = await OwnOrganisationAsync(cancellationToken);
            return [.. found.Select(p => PersonResponse.From(p, contact: caller.Role == Roles.Staff
                || (ownOrganisation is { } own && p.State.PrimaryAffiliation == own)))];
        }

        /// <summary>People in order of family name, then given name: the order of the index on the family name (PeopleModule).</summary>
        internal static RecordListing<Person> Listing(IEnumerable<Expression<Func<StreamRecord<Person>, bool>>> filters) =>
            new(filters, RecordKey<Person>.Ascending(p => p.State.FamilyName), RecordKey<Person>.Ascending(p => p.State.GivenName));

        /// <summary>The conditions that apply, on people as they are now or as they stood on the day asked, in the teams of that day.</summary>
        private async Task<List<Expression<Func<StreamRecord<Person>, bool>>>> FiltersAsync(Query query, CancellationToken cancellationToken)
        {
            var filters = new List<Expression<Func<StreamRecord<Person>, bool>>>();
            if (!query.IncludeInactive)
            {
                filters.Add(p => p.State.IsActive);
            }

            if (query.Text?.Trim() is { Length: > 0 } text)
            {
                filters.Add(p => p.State.GivenName.Contains(text, StringComparison.OrdinalIgnoreCase)
                    || p.State.FamilyName.Contains(text, StringComparison.OrdinalIgnoreCase));
            }

            if (query.OrganisationId is not null || query.Role is not null || query.FocusArea is not null)
            {
                var inTeams = await MembersOfMatchingTeamsAsync(query, query.AsOf, cancellationToken);
                var organisation = query.Role is null && query.FocusArea is null ? query.OrganisationId : null;
                filters.Add(p => p.Id.IsOneOf(inTeams) || (organisation != null && p.State.PrimaryAffiliation == organisation));
            }

            return filters;
        }

        /// <summary>Members of the teams that match (today's, or those of <paramref name="day"/>), holding the role asked for.</summary>
        private async Task<Guid[]> MembersOfMatchingTeamsAsync(Query query, DateOnly? day, CancellationToken cancellationToken) =>
            [.. await memberships.PeopleOfTeamsAsync(query.OrganisationId, query.FocusArea, query.Role, day, cancellationToken)];

        /// <summary>A member's own organisation: the primary affiliation of the person linked to their account.</summary>
        private async Task<Guid?> OwnOrganisationAsync(CancellationToken cancellationToken) =>
            (await identity.MemberPersonAsync(cancellationToken))?.PrimaryAffiliation;
    }
}
