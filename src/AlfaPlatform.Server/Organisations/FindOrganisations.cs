using System.Linq.Expressions;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using FluentValidation;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace AlfaPlatform.Server.Organisations;

/// <summary>The directory of organisations: filtered by kind, size, capability and text, paged, live or as of a date.</summary>
public static class FindOrganisations
{
    public sealed record Query(
        [FromQuery(Name = "kind")] Named<OrganisationKind>? Kind = null,
        [FromQuery(Name = "capability")] Named<Capability>? Capability = null,
        [FromQuery(Name = "size")] Named<CompanySize>? Size = null,
        [FromQuery(Name = "text")] string? Text = null,
        [FromQuery(Name = "includeArchived")] bool IncludeArchived = false,
        [FromQuery(Name = "page")] int Page = 1,
        [FromQuery(Name = "pageSize")] int PageSize = 50,
        [FromQuery(Name = "asOf")] Day? AsOf = null) : IQuery<Page<OrganisationResponse>>
    {
        /// <summary>Set from the caller, never from the request: a partner's directory holds its own organisation only.</summary>
        internal Guid? OnlyOrganisation { get; init; }

        /// <summary>Set from the caller, never from the request: members find no partner company (<see cref="OrganisationVisibility"/>).</summary>
        internal bool WithoutPartnerCompanies { get; init; }

        /// <summary>
        /// The conditions that apply, each simple enough for Marten to translate to SQL for the live directory and
        /// compiled to run in memory over the "as of" records, so both paths filter alike.
        /// </summary>
        public IEnumerable<Expression<Func<StreamRecord<Organisation>, bool>>> Filters()
        {
            if (OnlyOrganisation is { } only)
            {
                yield return x => x.Id == only;
            }

            if (WithoutPartnerCompanies)
            {
                yield return x => x.State.Kind != OrganisationKind.PartnerCompany;
            }

            if (!IncludeArchived)
            {
                yield return x => !x.State.IsArchived;
            }

            if (Kind?.Value is { } kind)
            {
                yield return x => x.State.Kind == kind;
            }

            if (Size?.Value is { } size)
            {
                yield return x => x.State.Size == size;
            }

            if (Capability?.Value is { } capability)
            {
                yield return x => x.State.Capabilities.Contains(capability);
            }

            if (Text?.Trim() is { Length: > 0 } text)
            {
                yield return x => x.State.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
                    || x.State.Acronym.Contains(text, StringComparison.OrdinalIgnoreCase);
            }
        }

        /// <summary>The directory's conditions, in order of acronym; a partner's read of its own record alone, as of any day too.</summary>
        public RecordListing<Organisation> Listing() => new(Filters(), RecordKey<Organisation>.Ascending(x => x.State.Acronym))
        {
            MatchingNow = OnlyOrganisation is { } only ? x => x.Id == only : null,
        };
    }

    public sealed class Validator : AsOfValidator<Query>
    {
        public Validator(TimeProvider clock) : base(clock, x => x.AsOf)
        {
            RuleFor(x => x.Page).PageNumber();
            RuleFor(x => x.PageSize).InclusiveBetween(1, 200);
            RuleFor(x => x.Text).MaximumLength(200);
        }
    }

    public sealed class Handler(IQuerySession session, Caller caller) : IQueryHandler<Query, Page<OrganisationResponse>>
    {
        public async ValueTask<Page<OrganisationResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            query = query with { OnlyOrganisation = caller.Organisation, WithoutPartnerCompanies = caller.HidesPartnerCompanies() };
            var listing = query.Listing();
            var skip = (query.Page - 1) * query.PageSize;
            var (page, total) = await StreamHistory.PageAsOfAsync(session, query.AsOf, listing, skip, query.PageSize, counted: true, cancellationToken);
            return new Page<OrganisationResponse>([.. page.Select(OrganisationResponse.From)], query.Page, query.PageSize, total ?? 0);
        }
    }
}
