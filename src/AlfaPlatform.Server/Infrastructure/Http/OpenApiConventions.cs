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
        options.CreateSchemaReferenceId = type => type.Type.DeclaringType is { IsAbstract: true, IsSealed: true } owner
            ? owner.Name + type.Type.Name
            : OpenApiOptions.CreateDefaultSchemaReferenceId(type);

        // Bearer tokens from /connect/token: lets the reference page send one.
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
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] }];
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

        // What anyone may call says so: no token needed (the document's default asks for one).
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any())
            {
                operation.Security = [];
            }

            return Task.CompletedTask;
        });

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
