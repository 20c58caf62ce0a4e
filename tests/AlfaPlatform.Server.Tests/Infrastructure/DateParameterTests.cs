using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text.Json;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Meetings;
using AlfaPlatform.Server.Tests.Teams;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>
/// Every GET route that takes a date, found from the endpoint data source (a new route is covered by itself), asked
/// about days over the whole range of <see cref="DateOnly"/>: it answers, refuses (400) or finds nothing (404), never fails.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DateParameterTests(PlatformFixture platform)
{
    /// <summary>The documented range (README, "Dates in addresses"), stated here on its own so the test pins the contract.</summary>
    private static readonly DateOnly Earliest = new(1900, 1, 1);
    private static readonly DateOnly Latest = new(9998, 12, 31);

    /// <summary>What ASP.NET Core would bind by itself (any format DateOnly.TryParse takes, no range): never on a route.</summary>
    private static readonly Type[] FrameworkDateTypes = [typeof(DateOnly), typeof(DateTime), typeof(DateTimeOffset)];

    private static readonly Type[] DateTypes = [.. FrameworkDateTypes, typeof(Day), typeof(Instant), typeof(CalendarMonth)];

    private sealed record DateParameter(RouteEndpoint Endpoint, string Name, Type Type)
    {
        public bool InRoute => Endpoint.RoutePattern.GetParameter(Name) is not null;

        public override string ToString() => $"{Endpoint.RoutePattern.RawText} ({Name})";
    }

    [Fact]
    public void the_routes_taking_dates_are_found()
    {
        var found = DateParameters().Select(p => p.ToString()).ToList();

        // Not a hand list of what is covered: a sample that proves discovery sees lambdas' and [AsParameters]' dates.
        Assert.Contains("/api/dashboards/membership (asOf)", found);
        Assert.Contains("/api/dashboards/pipeline (asOf)", found);
        Assert.Contains("/api/teams/{id:guid}/members (asOf)", found);
        Assert.Contains("/api/audit (from)", found);
        Assert.Contains("/api/audit (to)", found);
        Assert.Contains("/api/meetings/ (month)", found);
    }

    [Fact]
    public void no_route_binds_a_date_type_of_the_framework_itself()
    {
        var raw = DateParameters(getOnly: false).Where(p => FrameworkDateTypes.Contains(p.Type)).Select(p => $"{p} binds {p.Type.Name}");

        Assert.Empty(raw); // use Day, Instant or CalendarMonth: parsed and range-checked in one place
    }

    [Theory]
    [InlineData("/api/dashboards/membership?asOf=0001-01-01", "asOf", "outside the dates the platform accepts: 1900-01-01 to 9998-12-31")]
    [InlineData("/api/dashboards/pipeline?asOf=0001-06-30", "asOf", "outside the dates the platform accepts: 1900-01-01 to 9998-12-31")]
    [InlineData("/api/organisations?asOf=1899-12-31", "asOf", "outside the dates the platform accepts: 1900-01-01 to 9998-12-31")]
    [InlineData("/api/organisations?asOf=2025-13-45", "asOf", "not a date written YYYY-MM-DD from 1900-01-01 to 9998-12-31")]
    [InlineData("/api/teams?asOf=30/06/2025", "asOf", "not a date written YYYY-MM-DD")]
    [InlineData("/api/audit?from=1899-12-31T23:00:00Z", "from", "outside the dates the platform accepts: 1900-01-01 to 9998-12-31")]
    [InlineData("/api/audit?to=9999-01-01", "to", "outside the dates the platform accepts")]
    [InlineData("/api/audit?to=yesterday", "to", "not an ISO 8601 date")]
    [InlineData("/api/meetings?month=9999-12", "month", "outside the dates the platform accepts")]
    [InlineData("/api/meetings?month=2025-13", "month", "not a month written YYYY-MM")]
    public async Task a_date_out_of_range_or_malformed_is_a_400_naming_the_parameter_and_the_range(string url, string parameter, string reason)
    {
        var response = await platform.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Contains(reason, problem.GetProperty("errors").GetProperty(parameter)[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/dashboards/membership?asOf=1900-01-01")]
    [InlineData("/api/dashboards/pipeline?asOf=1900-01-01&months=120")]
    [InlineData("/api/audit?from=1900-01-01&to=9998-12-31T23:59:59.9999999Z")]
    [InlineData("/api/audit?from=2025-06-30T14:00:00%2B02:00&to=2025-06-30T14:00")]
    [InlineData("/api/meetings?month=9998-12")]
    [InlineData("/api/meetings?month=1900-01&asOf=1900-01-01")]
    public async Task the_limits_of_the_range_are_accepted(string url)
    {
        var response = await platform.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/dashboards/membership", "asOf", "date")]
    [InlineData("/api/teams/{id}/members", "asOf", "date")]
    [InlineData("/api/audit", "from", "date-time")]
    public async Task the_openapi_document_gives_dates_as_strings_of_a_format(string path, string parameter, string format)
    {
        var document = await (await platform.Client.GetAsync("/openapi/v1.json")).ReadAsync<JsonElement>();

        var described = document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(p => string.Equals(p.GetProperty("name").GetString(), parameter, StringComparison.OrdinalIgnoreCase));
        var schema = described.GetProperty("schema");
        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        Assert.Equal(format, schema.GetProperty("format").GetString());
    }

    [Fact]
    public async Task every_date_route_answers_200_400_or_404_for_any_day()
    {
        await SeedRecordsAsync();
        var parameters = DateParameters();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var random = new Random(20261202);
        var calls = parameters.SelectMany((parameter, i) => Days(today, phase: (double)i / parameters.Count, random).Select(day => (Parameter: parameter, Day: day))).ToList();
        var ids = new ConcurrentDictionary<string, Task<Guid>>();
        var failures = new ConcurrentBag<string>();

        await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (call, ct) =>
        {
            var url = await UrlAsync(call.Parameter, call.Day, ids);
            using var response = await platform.Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            var outOfRange = call.Day < Earliest || call.Day > Latest;
            if (status is not (200 or 400 or 404))
            {
                failures.Add($"{status} {url}: {await ExcerptAsync(response)}");
            }
            else if (outOfRange && (status != 400 || !await NamesAsync(response, call.Parameter.Name)))
            {
                failures.Add($"{status} {url}: out of the accepted range, expected 400 naming {call.Parameter.Name}");
            }
            else if (!outOfRange && call.Day <= today && status == 400)
            {
                failures.Add($"400 {url}: a past day in range is refused: {await ExcerptAsync(response)}");
            }
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} of {calls.Count} calls failed:\n"
            + string.Join("\n", failures.OrderByDescending(f => f[0]).ThenBy(f => f, StringComparer.Ordinal).Take(60)));
    }

    /// <summary>Every GET route's (or every route's) parameters of a date type, bound from the route or the query string.</summary>
    private List<DateParameter> DateParameters(bool getOnly = true) =>
    [
        .. platform.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !getOnly || e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .SelectMany(e => e.Metadata.OfType<IParameterBindingMetadata>().Select(p => (Endpoint: e, Binding: p)))
            .Select(x => (x.Endpoint, Name: QueryName(x.Binding), Type: Nullable.GetUnderlyingType(x.Binding.ParameterInfo.ParameterType) ?? x.Binding.ParameterInfo.ParameterType))
            .Where(x => DateTypes.Contains(x.Type))
            .Select(x => new DateParameter(x.Endpoint, x.Name, x.Type)),
    ];

    private static string QueryName(IParameterBindingMetadata binding) =>
        binding.ParameterInfo.GetCustomAttributes().OfType<Microsoft.AspNetCore.Http.Metadata.IFromQueryMetadata>().FirstOrDefault()?.Name
        ?? JsonNamingPolicy.CamelCase.ConvertName(binding.Name);

    /// <summary>
    /// For one parameter: the edges of <see cref="DateOnly"/>, the accepted range's limits ±1 day, today ±1, 24 days
    /// spread evenly over the whole calendar (each parameter at its own <paramref name="phase"/>, so together they
    /// cover hundreds), 16 at random over it and 30 at random around the years the platform holds records of.
    /// </summary>
    private static List<DateOnly> Days(DateOnly today, double phase, Random random)
    {
        var min = DateOnly.MinValue.DayNumber;
        var max = DateOnly.MaxValue.DayNumber;
        var recent = new DateOnly(1890, 1, 1).DayNumber;
        return
        [
            .. new[]
            {
                DateOnly.MinValue, DateOnly.MinValue.AddDays(1), DateOnly.MinValue.AddMonths(6).AddDays(-1),
                Earliest.AddDays(-1), Earliest, Earliest.AddDays(1),
                today.AddDays(-1), today, today.AddDays(1),
                Latest.AddDays(-1), Latest, Latest.AddDays(1),
                DateOnly.MaxValue.AddDays(-1), DateOnly.MaxValue,
            }
            .Concat(Enumerable.Range(0, 24).Select(i => DateOnly.FromDayNumber(min + (int)((max - min) * ((i + phase) / 24)))))
            .Concat(Enumerable.Range(0, 16).Select(_ => DateOnly.FromDayNumber(random.Next(min, max + 1))))
            .Concat(Enumerable.Range(0, 30).Select(_ => DateOnly.FromDayNumber(random.Next(recent, today.AddYears(5).DayNumber))))
            .Distinct(),
        ];
    }

    private async Task<string> UrlAsync(DateParameter parameter, DateOnly day, ConcurrentDictionary<string, Task<Guid>> ids)
    {
        var value = Uri.EscapeDataString(Format(parameter.Type, day));
        var pattern = parameter.Endpoint.RoutePattern;
        var path = new List<string>();
        foreach (var segment in pattern.PathSegments)
        {
            var text = "";
            foreach (var part in segment.Parts)
            {
                text += part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart { Name: var name } when name == parameter.Name => value,
                    RoutePatternParameterPart { Name: var name } => (await ids.GetOrAdd(IdSource(pattern, name), ExistingIdAsync)).ToString(),
                    _ => throw new InvalidOperationException($"Unexpected route part in {pattern.RawText}"),
                };
            }

            path.Add(text);
        }

        var url = "/" + string.Join("/", path);
        return parameter.InRoute ? url : $"{url}?{parameter.Name}={value}";
    }

    private static string Format(Type type, DateOnly day) =>
        type == typeof(DateOnly) || type == typeof(Day) ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : type == typeof(CalendarMonth) ? day.ToString("yyyy-MM", CultureInfo.InvariantCulture)
        : day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";

    /// <summary>The list a route id's records come from: <c>{id}</c> from the route's own collection, <c>{organisationId}</c> from /api/organisations.</summary>
    private static string IdSource(RoutePattern pattern, string name)
    {
        if (name == "id")
        {
            var raw = pattern.RawText!;
            return raw[..raw.IndexOf("/{id", StringComparison.Ordinal)];
        }

        return name.EndsWith("Id", StringComparison.Ordinal) ? $"/api/{name[..^2]}s" : "";
    }

    /// <summary>An existing record's id from that list, or a random one (the route answers 404) when there is none.</summary>
    private async Task<Guid> ExistingIdAsync(string list)
    {
        if (list.Length > 0 && await platform.Client.GetAsync(list) is { StatusCode: HttpStatusCode.OK } response)
        {
            var json = await response.ReadAsync<JsonElement>();
            var items = json.ValueKind == JsonValueKind.Array ? json : json.TryGetProperty("items", out var page) ? page : default;
            if (items.ValueKind == JsonValueKind.Array && items.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } first
                && first.TryGetProperty("id", out var id) && id.TryGetGuid(out var guid))
            {
                return guid;
            }
        }

        return Guid.NewGuid();
    }

    /// <summary>At least one record of each kind, with dates of its own, for the routes' ids to find.</summary>
    private async Task SeedRecordsAsync()
    {
        var organisation = await platform.Client.RegisterOrganisationAsync();
        var team = await platform.Client.CreateTeamAsync(organisation.Id);
        var person = await platform.Client.RegisterPersonAsync("Dora", "Dates");
        (await platform.Client.AddMemberAsync(team, person, "Lead", "2024-01-10")).EnsureSuccessStatusCode();
        await platform.Client.OpenMeetingAsync();
    }

    private static async Task<bool> NamesAsync(HttpResponseMessage response, string parameter)
    {
        var problem = await response.ReadAsync<JsonElement>();
        return problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(parameter, out _);
    }

    private static async Task<string> ExcerptAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return body.Length > 200 ? body[..200] : body;
    }
}
