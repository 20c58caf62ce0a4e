using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.Partners;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using FluentValidation;
using Marten;
using Marten.Pagination;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AlfaPlatform.Server.Partners;

/// <summary>A partner application as staff see it.</summary>
public sealed record ApplicationResponse(
    Guid Id,
    long Version,
    ApplicationStatus Status,
    string CompanyName,
    string Country,
    CompanySize Size,
    string? Website,
    string ContactName,
    string ContactEmail,
    string Interest,
    Guid? OrganisationId,
    Guid? AccountId,
    string? RejectionReason,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt)
{
    public static ApplicationResponse From(StreamRecord<PartnerApplication> record)
    {
        var a = record.State;
        return new ApplicationResponse(
            record.Id, record.Version, a.Status, a.CompanyName, a.Country, a.Size, a.Website,
            a.ContactErased || a.ContactName.Length == 0 ? Domain.People.PersonalData.ErasedName : a.ContactName, a.ContactEmail, a.Interest,
            a.OrganisationId, a.AccountId, a.RejectionReason, record.CreatedAt, record.UpdatedAt);
    }
}

/// <summary>
/// What an applicant is told: the reference of its application and, once, the secret token that opens its status page
/// (<see cref="StatusUrl"/>, the web page's path); nothing it could use to read others. Null on a keyed retry.
/// </summary>
public sealed record ApplicationReceipt(Guid Id, ApplicationStatus Status, string? StatusToken, string? StatusUrl);

/// <summary>Staff list applications, newest first, optionally of one status (?status=Pending: the ones to answer).</summary>
public static class FindApplications
{
    public sealed record Query(
        [FromQuery(Name = "status")] Named<ApplicationStatus>? Status = null,
        [FromQuery(Name = "page")] int Page = 1,
        [FromQuery(Name = "pageSize")] int PageSize = 50) : IQuery<Page<ApplicationResponse>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(x => x.Page).PageNumber();
            RuleFor(x => x.PageSize).InclusiveBetween(1, 200);
        }
    }

    public sealed class Handler(IQuerySession session) : IQueryHandler<Query, Page<ApplicationResponse>>
    {
        public async ValueTask<Page<ApplicationResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            var applications = session.Query<StreamRecord<PartnerApplication>>().AsQueryable();
            if (query.Status?.Value is { } status)
            {
                applications = applications.Where(x => x.State.Status == status);
            }

            var page = await applications.OrderByDescending(x => x.CreatedAt).ThenBy(x => x.Id)
                .ToPagedListAsync(query.Page, query.PageSize, cancellationToken);
            return new Page<ApplicationResponse>([.. page.Select(ApplicationResponse.From)], query.Page, query.PageSize, page.TotalItemCount);
        }
    }
}

public static class GetApplication
{
    public sealed record Query(Guid ApplicationId) : IQuery<ApplicationResponse?>;

    public sealed class Handler(IQuerySession session) : IQueryHandler<Query, ApplicationResponse?>
    {
        public async ValueTask<ApplicationResponse?> Handle(Query query, CancellationToken cancellationToken) =>
            await session.LoadAsync<StreamRecord<PartnerApplication>>(query.ApplicationId, cancellationToken) is { } record
                ? ApplicationResponse.From(record)
                : null;
    }
}

/// <summary>Every step of an application, oldest first: who applied, who decided, when, and why.</summary>
public static class GetApplicationHistory
{
    public sealed record Query(Guid ApplicationId) : IQuery<IReadOnlyList<HistoryEntry>?>;

    public sealed class Handler(IQuerySession session, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IQueryHandler<Query, IReadOnlyList<HistoryEntry>?>
    {
        public async ValueTask<IReadOnlyList<HistoryEntry>?> Handle(Query query, CancellationToken cancellationToken) =>
            await StreamHistory.HistoryAsync<PartnerApplication>(session, query.ApplicationId, json.Value.SerializerOptions, cancellationToken);
    }
}
