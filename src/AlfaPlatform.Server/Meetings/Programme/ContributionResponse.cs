using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Organisations.Contracts;
using AlfaPlatform.Server.People.Contracts;

namespace AlfaPlatform.Server.Meetings;

public sealed record ContributionResponse(
    Guid Id, string Title, string Abstract, Guid PresenterId, string Presenter, IReadOnlyList<string> Authors, Guid? TeamId,
    ContributionStatus Status, string? ReviewNote, Guid? SessionId);

internal static class Contributions
{
    public static ContributionResponse Shape(Contribution c, IReadOnlyDictionary<Guid, string> people) =>
        new(c.Id, c.Title, c.Abstract, c.PresenterId, people.GetValueOrDefault(c.PresenterId, "unknown person"), c.Authors, c.TeamId, c.Status, c.ReviewNote, c.SessionId);
}
