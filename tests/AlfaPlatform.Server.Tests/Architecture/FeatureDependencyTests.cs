using System.Text.RegularExpressions;
using AlfaPlatform.Server.Infrastructure.Hosting;
using Mono.Cecil;

namespace AlfaPlatform.Server.Tests.Architecture;

/// <summary>
/// The dependency rules between features, checked from the compiled server (every type reference in its IL, see
/// <see cref="FeatureDependencies"/>), not from what the code says it uses:
/// <list type="bullet">
/// <item>Infrastructure names no feature (neither a server feature nor a feature of the domain).</item>
/// <item>A feature names another feature's server types only where that feature publishes them: its <c>Contracts</c>
/// namespace, its grain interfaces (<c>I…Grain</c>) and its operations (a mediator command or query, what it answers,
/// and its validator). Never its documents, services or helpers.</item>
/// <item>A feature may name another feature's domain types (events, commands, state folded by its projections), but
/// never read another's stream records: no <c>StreamRecord&lt;T&gt;</c>, <c>StreamHistory</c> or other event-sourcing
/// read of another feature's state.</item>
/// </list>
/// </summary>
public sealed partial class FeatureDependencyTests
{
    private const string ServerRoot = "AlfaPlatform.Server";
    private const string DomainRoot = "AlfaPlatform.Domain";

    private static readonly Lazy<ModuleDefinition> Server = new(() =>
        ModuleDefinition.ReadModule(typeof(PlatformApp).Assembly.Location, new ReaderParameters { ReadSymbols = false }));

    [Fact]
    public void infrastructure_names_no_feature()
    {
        var violations = FeatureDependencies.ReferencesIn(Server.Value)
            .Where(site => IsInfrastructure(site.From.Namespace))
            .SelectMany(site => FeatureDependencies.Flatten(site.To, site.Via).Select(to => (site, to: to.Type)))
            .Where(x => ServerFeatureOf(x.to) is not null || DomainFeatureOf(x.to) is not null)
            .Select(x => Describe(x.site, x.to, "Infrastructure names no feature: depend on an interface Infrastructure defines, implemented by the feature"));

        AssertNone(violations);
    }

    [Fact]
    public void a_feature_reads_another_only_through_its_published_contracts()
    {
        var violations = FeatureDependencies.ReferencesIn(Server.Value)
            .Select(site => (site, feature: ServerFeatureOf(site.From)))
            .Where(x => x.feature is not null)
            .SelectMany(x => FeatureDependencies.Flatten(x.site.To, x.site.Via).Select(to => (x.site, x.feature, to.Type, to.Container)))
            .Select(x => (x.site, x.Type, reason: Breach(x.feature!, x.Type, x.Container)))
            .Where(x => x.reason is not null)
            .Select(x => Describe(x.site, x.Type, x.reason!));

        AssertNone(violations);
    }

    /// <summary>Why <paramref name="feature"/> may not name <paramref name="type"/>, or null when it may.</summary>
    /// <param name="container">The generic type or method's type <paramref name="type"/> is an argument of, if any.</param>
    private static string? Breach(string feature, TypeReference type, TypeReference? container)
    {
        if (ServerFeatureOf(type) is { } owner && owner != feature && !IsPublished(type, owner))
        {
            return $"{owner}'s insides: read {owner}'s published contract ({ServerRoot}.{owner}.Contracts) or command it through its grain interface";
        }

        if (DomainFeatureOf(type) is { } domain && domain != feature && IsStreamState(type)
            && container is not null && StreamReads.Contains(container.FullName))
        {
            return $"{domain}'s stream records ({container.Name}): read {domain}'s published contract instead";
        }

        return null;
    }

    private static bool IsPublished(TypeReference type, string owner)
    {
        var ns = FeatureDependencies.NamespaceOf(type);
        if (ns == $"{ServerRoot}.{owner}.Contracts" || ns.StartsWith($"{ServerRoot}.{owner}.Contracts.", StringComparison.Ordinal))
        {
            return true;
        }

        return type.Resolve() is { } definition
            && (definition is { IsInterface: true, DeclaringType: null } && GrainInterface().IsMatch(definition.Name)
                || IsGrainCommand(definition)
                || IsRequest(definition)
                || IsRequestValidator(definition)
                || Answers.Value.Contains(definition.FullName));
    }

    /// <summary>A grain's command envelope (a <c>StreamChange</c>: the record's id and the command its grain decides, answered with its version or its record).</summary>
    private static bool IsGrainCommand(TypeDefinition type) =>
        type.BaseType is { } baseType
        && (FeatureDependencies.Flatten(baseType).Any(t => t.Type.FullName is $"{ServerRoot}.Infrastructure.EventSourcing.StreamChange`2" or $"{ServerRoot}.Infrastructure.EventSourcing.StreamChange`3")
            || (baseType.Resolve() is { } parent && parent.Module == Server.Value && IsGrainCommand(parent)));

    /// <summary>A mediator request (command or query): the feature's API, the one HTTP serves, with validation and access checks on the way in.</summary>
    private static bool IsRequest(TypeDefinition type) => type.Interfaces.Any(i => i.InterfaceType.Namespace == "Mediator");

    /// <summary>
    /// A request's validator: the rules its API holds a request to, which a form may check as the person types. Its
    /// <c>AbstractValidator&lt;T&gt;</c> names the request itself.
    /// </summary>
    private static bool IsRequestValidator(TypeDefinition type) =>
        type.BaseType is GenericInstanceType { ElementType.FullName: "FluentValidation.AbstractValidator`1" } validator
        && validator.GenericArguments[0].Resolve() is { } validated && (IsRequest(validated) || IsGrainCommand(validated));

    /// <summary>What the requests answer, and every type those answers hold (their properties, recursively).</summary>
    private static readonly Lazy<HashSet<string>> Answers = new(() =>
    {
        var answers = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<TypeReference>(Server.Value.GetTypes()
            .SelectMany(type => type.Interfaces)
            .Select(i => i.InterfaceType)
            .OfType<GenericInstanceType>()
            .Where(i => i.Namespace == "Mediator")
            .SelectMany(i => i.GenericArguments));
        while (pending.TryPop(out var answer))
        {
            foreach (var (held, _) in FeatureDependencies.Flatten(answer))
            {
                if (held.Scope == Server.Value && held.Resolve() is { } definition && answers.Add(definition.FullName))
                {
                    foreach (var property in definition.Properties)
                    {
                        pending.Push(property.PropertyType);
                    }
                }
            }
        }

        return answers;
    });

    private static bool IsStreamState(TypeReference type) =>
        type.Resolve() is { } definition && definition.Interfaces.Any(i => i.InterfaceType.Name == "IEventSourced`1");

    /// <summary>
    /// How a feature reads stream records. Not <c>StreamWrite</c>: a team's roster import writes the new people's
    /// streams in its own transaction, decided by the people's own decider (ADR: bulk work is one append).
    /// </summary>
    private static readonly HashSet<string> StreamReads = new(StringComparer.Ordinal)
    {
        $"{ServerRoot}.Infrastructure.EventSourcing.StreamRecord`1",
        $"{ServerRoot}.Infrastructure.EventSourcing.StreamHistory",
        $"{ServerRoot}.Infrastructure.EventSourcing.StreamRecordProjection`1",
    };

    private static bool IsInfrastructure(string ns) =>
        ns == $"{ServerRoot}.Infrastructure" || ns.StartsWith($"{ServerRoot}.Infrastructure.", StringComparison.Ordinal);

    /// <summary>The server feature a type belongs to (<c>AlfaPlatform.Server.&lt;Feature&gt;…</c>), or null (Infrastructure, generated code, other assemblies).</summary>
    private static string? ServerFeatureOf(TypeReference type) => FeatureUnder(ServerRoot, FeatureDependencies.NamespaceOf(type), exceptFor: "Infrastructure");

    /// <summary>The domain feature a type belongs to (<c>AlfaPlatform.Domain.&lt;Feature&gt;</c>), or null (Common, other assemblies).</summary>
    private static string? DomainFeatureOf(TypeReference type) => FeatureUnder(DomainRoot, FeatureDependencies.NamespaceOf(type), exceptFor: "Common");

    private static string? FeatureUnder(string root, string ns, string exceptFor)
    {
        if (!ns.StartsWith(root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var feature = ns[(root.Length + 1)..].Split('.')[0];
        return feature == exceptFor ? null : feature;
    }

    private static string Describe(TypeReferenceSite site, TypeReference to, string reason) =>
        $"{site.From.FullName} names {to.FullName} (in {site.Member}): {reason}";

    private static void AssertNone(IEnumerable<string> violations)
    {
        // One line per type and what it names (the first member that names it), so a violation reads as one finding.
        var found = violations
            .GroupBy(line => line[..line.IndexOf(" (in ", StringComparison.Ordinal)])
            .Select(group => group.First())
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(found.Count == 0, $"{found.Count} dependencies break the rules between features:\n{string.Join('\n', found)}");
    }

    [GeneratedRegex("^I[A-Za-z]*Grain$")]
    private static partial Regex GrainInterface();
}
