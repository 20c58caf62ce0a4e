using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AlfaPlatform.Server.Infrastructure.Http;

/// <summary>How the OpenAPI document names and describes what our conventions bind differently from the defaults.</summary>
public static partial class OpenApiConventions
{
    public static void Apply(OpenApiOptions options)
    {
        // Every operation nests its own "Command": name schemas "RegisterCommand", "ArchiveCommand", … so they stay apart.
        // A generic answer is named after what it holds the same way (DashboardAnswerOfNetworkOverviewFigures), so the
        // seven dashboards' answers are seven schemas, not one named after the first "Figures" met.
        options.CreateSchemaReferenceId = type => SchemaName(type.Type) ?? OpenApiOptions.CreateDefaultSchemaReferenceId(type);

        // Tokens come from the OpenIddict token endpoint: the OAuth 2.0 scheme names it and its two flows, so a client
        // (or the reference page) can fetch one; "Bearer" stays for a caller who brings a token it already holds.
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token from POST /connect/token (grant_type=password or client_credentials).",
            };
            // Relative, as OpenAPI 3.1 allows (resolved against the server): the document is the same on every host,
            // so the committed copy in docs/openapi and the served one agree.
            var tokenUrl = new Uri(TokenPath, UriKind.Relative);
            document.Components.SecuritySchemes[OAuth2] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "POST /connect/token as a form: grant_type=password with username and password (people), or " +
                              "grant_type=client_credentials with client_id and client_secret (a partner company's system). No scopes.",
                Flows = new OpenApiOAuthFlows
                {
                    Password = new OpenApiOAuthFlow { TokenUrl = tokenUrl, Scopes = new Dictionary<string, string>() },
                    ClientCredentials = new OpenApiOAuthFlow { TokenUrl = tokenUrl, Scopes = new Dictionary<string, string>() },
                },
            };
            // The default for every operation (the fallback policy asks every endpoint for a signed-in caller).
            document.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OAuth2, document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] },
            ];

            // A server URL ends without "/": paths begin with one.
            foreach (var server in document.Servers ?? [])
            {
                server.Url = server.Url?.TrimEnd('/');
            }

            foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
            {
                tag.Description ??= TagDescriptions.GetValueOrDefault(tag.Name ?? "");
            }

            // Dates in routes and query strings are documented inline (below): their structs are no schemas of ours.
            foreach (var type in DateFormats.Keys)
            {
                document.Components.Schemas?.Remove(type.Name);
            }

            return Task.CompletedTask;
        });

        // A generated client names its methods after operationId: every operation has one, derived from its method and
        // route (GET /api/teams/{id}/members -> getTeamsByIdMembers), so it stays as long as the route does; an
        // endpoint's own name (WithName) comes first.
        options.AddOperationTransformer((operation, context, _) =>
        {
            operation.OperationId ??= OperationId(context.Description.HttpMethod, context.Description.RelativePath);
            return Task.CompletedTask;
        });

        // Every refusal names its reason in "code" (ProblemMapping, Rejection.Code): a client branches on it, not on prose.
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (typeof(Microsoft.AspNetCore.Mvc.ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
            {
                schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
                schema.Properties["code"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String | JsonSchemaType.Null,
                    Description = "Why the request was refused, in a word a program can test (duplicate, stale_version, outcome_unknown, …).",
                };
            }

            return Task.CompletedTask;
        });

        // What needs a token asks for one from the token endpoint, or a bearer token already held (the document's
        // default, below); what anyone may call says so with no requirement at all.
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any())
            {
                operation.Security = [];
            }

            return Task.CompletedTask;
        });

        // Meeting times are local to the meeting's time zone and refused with an offset (MeetingOperations.TimeRules):
        // a DateTime is always such a local time here (absolute instants are DateTimeOffset), so it is a string of
        // that shape, not "date-time", which requires an offset.
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if ((Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type) == typeof(DateTime))
            {
                schema.Type = context.JsonTypeInfo.Type == typeof(DateTime) ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
                schema.Format = null;
                schema.Pattern = LocalDateTimePattern;
                schema.Description = "A local date and time without offset (YYYY-MM-DDTHH:mm or YYYY-MM-DDTHH:mm:ss, such as 2025-11-19T09:00), " +
                                     "read in the meeting's time zone; a value with an offset or Z is refused (400).";
            }

            return Task.CompletedTask;
        });

        OpenApiStatuses.Apply(options);

        // Dates in routes and query strings (DateParameters) bind from a string of one format: say which, and the range.
        options.AddOperationTransformer((operation, context, _) =>
        {
            foreach (var description in context.Description.ParameterDescriptions)
            {
                if (description.Type is { } bound && DateFormats.TryGetValue(Nullable.GetUnderlyingType(bound) ?? bound, out var date)
                    && operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => string.Equals(p.Name, description.Name, StringComparison.OrdinalIgnoreCase)) is { } parameter)
                {
                    parameter.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String, Format = date.Format, Pattern = date.Pattern,
                        Description = $"From {DateParameters.Range} (for a date and time, its UTC day).",
                    };
                }
            }

            return Task.CompletedTask;
        });

        // Enums bind by name only (StrictEnumConverter, Named<T>): document them as the list of names.
        // The schema exporter cannot see through a custom converter and leaves these schemas empty.
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
            if (EnumOf(type) is { } single)
            {
                schema.Type = JsonSchemaType.String;
                schema.Enum = Names(single);
                schema.Properties?.Clear();
            }
            else if (type != typeof(string) && type.GetInterfaces().FirstOrDefault(IsEnumerable) is { } enumerable
                && EnumOf(enumerable.GetGenericArguments()[0]) is { } item)
            {
                schema.Items = new OpenApiSchema { Type = JsonSchemaType.String, Enum = Names(item) };
            }

            return Task.CompletedTask;
        });
    }

    public const string OAuth2 = "OAuth2";

    private const string TokenPath = "/connect/token";

    public const string LocalDateTimePattern = @"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?$";

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Organisations"] = "The directory of organisations: profiles, size, capabilities, network membership.",
        ["Teams"] = "Teams, their rosters and roster imports.",
        ["People"] = "The network's people and their memberships.",
        ["Collaborations"] = "Partner companies' collaboration requests: intake, routing, answers, agreements.",
        ["Partners"] = "Applications of partner companies to join the network.",
        ["Meetings"] = "Meetings: lifecycle, programme, registrations, contributions, attendance, calendar feeds.",
        ["Notifications"] = "The caller's notifications.",
        ["Dashboards"] = "Figures per dashboard, their change feed and projection rebuilds.",
        ["Identity"] = "The caller's own account, accounts and API clients.",
        ["Audit"] = "Every change across the platform.",
        ["Search"] = "Organisations, teams, people, meetings, sessions and requests found by their words, in French or English, within what the caller may see.",
    };

    /// <summary>
    /// Our schema names: an operation's nested type after its owner ("RegisterCommand"), a generic type after its
    /// arguments named the same way; null for the default.
    /// </summary>
    private static string? SchemaName(Type type)
    {
        if (type.DeclaringType is { IsAbstract: true, IsSealed: true } owner)
        {
            return owner.Name + type.Name;
        }

        if (!type.IsGenericType || type.IsGenericTypeDefinition || Nullable.GetUnderlyingType(type) is not null
            || type.GetInterfaces().Any(IsEnumerable) || type.GetGenericArguments().All(argument => SchemaName(argument) is null))
        {
            return null;
        }

        return type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "Of"
               + string.Concat(type.GetGenericArguments().Select(argument => SchemaName(argument) ?? argument.Name));
    }

    /// <summary>Dates in routes and query strings (<see cref="DateParameters"/>): strings of a format, not the structs that read them.</summary>
    private static readonly Dictionary<Type, (string? Format, string? Pattern)> DateFormats = new()
    {
        [typeof(Day)] = ("date", null),
        [typeof(Instant)] = ("date-time", null),
        [typeof(CalendarMonth)] = (null, "^[0-9]{4}-[0-9]{2}$"),
    };

    private static Type? EnumOf(Type type) =>
        type.IsEnum ? type
        : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Named<>) ? type.GetGenericArguments()[0]
        : null;

    private static bool IsEnumerable(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>);

    private static List<JsonNode> Names(Type enumType) => [.. Enum.GetNames(enumType).Select(name => (JsonNode)JsonValue.Create(name))];

    /// <summary>The operation's id from its method and route: literals in PascalCase, parameters as "By" and their name.</summary>
    public static string OperationId(string? method, string? route)
    {
        var words = (route ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries)
            .SkipWhile(segment => segment == "api")
            .SelectMany(segment => RouteParts().Matches(segment).SelectMany(part => part.Groups["parameter"].Success
                ? ["By", part.Groups["parameter"].Value]
                : part.Value.Split('-', '.', '_')))
            .Where(word => word.Length > 0)
            .Select(word => char.ToUpperInvariant(word[0]) + word[1..]);
        return (method ?? "get").ToLowerInvariant() + string.Concat(words);
    }

    /// <summary>A route segment's parts: parameters ({id:guid} gives "id") and the literals around them ("{id}.ics").</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\{\*?(?<parameter>[^}:?=]+)[^}]*\}|[^{}]+")]
    private static partial System.Text.RegularExpressions.Regex RouteParts();
}
