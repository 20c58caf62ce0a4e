using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Organisations.Contracts;
using FluentValidation;
using Marten;

namespace AlfaPlatform.Server.Meetings;

/// <summary>The fields staff describe a meeting with, shared by creation and later changes.</summary>
public interface IMeetingDetailsBody
{
    string? Title { get; }
    MeetingKind? Kind { get; }
    string? Description { get; }
    IReadOnlyList<Guid>? Organisers { get; }
    IReadOnlyList<Chair>? Chairs { get; }
    int? Capacity { get; }
    DateOnly? RegistrationOpensOn { get; }
    DateOnly? RegistrationClosesOn { get; }
    MeetingVisibility? Visibility { get; }
    bool? RequiresApproval { get; }
}

internal static class MeetingRules
{
    public static MeetingDetails Details(IMeetingDetailsBody body) => new(
        body.Title!, body.Kind!.Value, body.Description, body.Organisers ?? [], body.Chairs ?? [], body.Capacity,
        body.RegistrationOpensOn, body.RegistrationClosesOn, body.Visibility ?? MeetingVisibility.Public, body.RequiresApproval ?? false);

    public static void DetailsRules<T>(AbstractValidator<T> v) where T : IMeetingDetailsBody
    {
        v.RuleFor(x => x.Title).NotEmpty().MaximumLength(300);
        v.RuleFor(x => x.Kind).NotNull();
        v.RuleFor(x => x.Description).MaximumLength(5000);
        v.RuleFor(x => x.Organisers).Must(o => o is null || o.Count <= 50).WithMessage("At most 50 organisers.");
        v.RuleFor(x => x.Chairs).Must(c => c is null || c.Count <= 50).WithMessage("At most 50 chairs.");
        v.RuleForEach(x => x.Chairs).NotNull().WithMessage("A chair is {\"name\": …}, with an optional personId.")
            .ChildRules(chair => chair.RuleFor(c => c.Name).NotEmpty().MaximumLength(200));
        v.RuleFor(x => x.Capacity).InclusiveBetween(1, 1_000_000);
        v.RuleFor(x => x.RegistrationClosesOn).GreaterThanOrEqualTo(x => x.RegistrationOpensOn)
            .When(x => x.RegistrationOpensOn is not null && x.RegistrationClosesOn is not null).WithMessage("Registration closes after it opens.");
    }

    public static void TimeRules<T>(AbstractValidator<T> v, Func<T, DateTime?> start, Func<T, DateTime?> end, Func<T, string?> zone)
    {
        v.RuleFor(x => start(x)).NotNull().Must(Local).WithName("start").WithMessage("start is a local date-time without offset (such as 2025-11-19T09:00), in timeZone.");
        v.RuleFor(x => end(x)).NotNull().Must(Local).WithName("end").WithMessage("end is a local date-time without offset (such as 2025-11-21T17:00), in timeZone.");
        v.RuleFor(x => zone(x)).NotEmpty().Must(MeetingTime.IsKnownZone).WithName("timeZone").WithMessage("timeZone is an IANA time zone, such as Europe/Paris.");
        v.RuleFor(x => end(x)).Must((x, e) => e > start(x)).When(x => start(x) is not null && end(x) is not null).WithName("end").WithMessage("end comes after start.");
        v.RuleFor(x => start(x)).Must((x, s) => MeetingTime.Exists(s!.Value, zone(x)!))
            .When(x => start(x) is not null && MeetingTime.IsKnownZone(zone(x))).WithName("start").WithMessage("This local time does not exist in the time zone (clocks skip it).");
        v.RuleFor(x => end(x)).Must((x, e) => MeetingTime.Exists(e!.Value, zone(x)!))
            .When(x => end(x) is not null && MeetingTime.IsKnownZone(zone(x))).WithName("end").WithMessage("This local time does not exist in the time zone (clocks skip it).");
        v.RuleFor(x => start(x)).Must(s => s!.Value.Year is >= 1900 and <= 2200).When(x => start(x) is not null).WithName("start").WithMessage("start is not a plausible date.");
        v.RuleFor(x => end(x)).Must(e => e!.Value.Year is >= 1900 and <= 2200).When(x => end(x) is not null).WithName("end").WithMessage("end is not a plausible date.");
    }

    public static void PlaceRules<T>(AbstractValidator<T> v, Func<T, Venue?> venue, Func<T, bool?> online, Func<T, string?> url)
    {
        v.RuleFor(x => venue(x)).NotNull().When(x => online(x) != true).WithName("venue").WithMessage("A meeting has a venue, or is online.");
        v.When(x => venue(x) is not null, () =>
        {
            v.RuleFor(x => venue(x)!.Name).NotEmpty().MaximumLength(300).WithName("venue.name");
            v.RuleFor(x => venue(x)!.City).NotEmpty().MaximumLength(200).WithName("venue.city");
            v.RuleFor(x => venue(x)!.Country).NotEmpty().Matches("^[A-Za-z]{2}$").WithName("venue.country").WithMessage("venue.country is an ISO 3166-1 alpha-2 code, such as FR.");
        });
        v.RuleFor(x => url(x)).MaximumLength(2000).Must(u => u is null || Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
            .WithName("onlineUrl").WithMessage("onlineUrl is an http(s) address.");
    }

    public static MeetingPlace Place(Venue? venue, bool? online, string? url) =>
        new(venue is null ? null : venue with { Name = venue.Name.Trim(), City = venue.City.Trim(), Country = venue.Country.Trim().ToUpperInvariant() },
            online ?? venue is null, string.IsNullOrWhiteSpace(url) ? null : url.Trim());

    public static MeetingTime Time(DateTime? start, DateTime? end, string? zone) =>
        new(DateTime.SpecifyKind(start!.Value, DateTimeKind.Unspecified), DateTime.SpecifyKind(end!.Value, DateTimeKind.Unspecified), zone!.Trim());

    private static bool Local(DateTime? value) => value is null || value.Value.Kind == DateTimeKind.Unspecified;

    /// <summary>Organisers are organisations of the platform, not archived.</summary>
    public static async Task<Rejection?> UnknownOrganisersAsync(IQuerySession session, IReadOnlyList<Guid>? organisers, CancellationToken cancellationToken)
    {
        if (organisers is not { Count: > 0 })
        {
            return null;
        }

        var found = await new OrganisationDirectory(session).FindManyAsync(organisers, asOf: null, cancellationToken);
        return found.Values.Count(o => !o.IsArchived) == organisers.Distinct().Count()
            ? null
            : Rejection.Conflict("unknown_organisation", "An organiser does not exist or is archived.");
    }
}
