using System.Reflection;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Teams;

namespace AlfaPlatform.Domain.Tests.Common;

/// <summary>
/// Every aggregate's fold knows every event of its stream. The aggregates and their events are found by reflection
/// (each <see cref="IEventSourced{TSelf}"/> and the records deriving from its event base), so a new event or a new
/// aggregate is checked without touching this test.
/// </summary>
public sealed class EventCoverageTests
{
    private static readonly Assembly Domain = typeof(Team).Assembly;

    public static TheoryData<string> Aggregates() => [.. AggregateTypes().Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Aggregates))]
    public void evolve_applies_every_event_of_the_aggregate(string aggregate)
    {
        var type = AggregateTypes().Single(t => t.Name == aggregate);
        var evolve = type.GetMethod("Evolve", BindingFlags.Public | BindingFlags.Static, [type, typeof(object)])!;
        var eventTypes = EventTypesOf(type);

        // Fold plain instances of the events from the empty state, keeping every state reached, until no event applies
        // to a state it did not apply to before: an event that applies to none of them is one Evolve does not handle.
        var states = new List<object?> { null };
        var applied = new HashSet<Type>();
        var lastFailure = new Dictionary<Type, string>();
        for (var progress = true; progress;)
        {
            progress = false;
            foreach (var eventType in eventTypes.Where(t => !applied.Contains(t)).OrderBy(t => t.Name))
            {
                var domainEvent = ArbitraryEvents.Of(eventType);
                foreach (var state in states.ToList())
                {
                    try
                    {
                        states.Add(evolve.Invoke(null, [state, domainEvent]));
                        applied.Add(eventType);
                        progress = true;
                        break;
                    }
                    catch (TargetInvocationException failure)
                    {
                        lastFailure[eventType] = $"{failure.InnerException!.GetType().Name}: {failure.InnerException.Message}";
                    }
                }
            }
        }

        var unhandled = eventTypes.Where(t => !applied.Contains(t)).OrderBy(t => t.Name)
            .Select(t => $"{t.Name} ({lastFailure.GetValueOrDefault(t)})").ToList();
        Assert.True(unhandled.Count == 0,
            $"{aggregate}.Evolve applies none of these events from any state its other events reach: {string.Join("; ", unhandled)}. "
            + $"Give each its case in {aggregate}.Evolve.");
    }

    [Theory]
    [MemberData(nameof(Aggregates))]
    public void the_event_types_are_every_record_deriving_from_one_empty_base(string aggregate)
    {
        var type = AggregateTypes().Single(t => t.Name == aggregate);
        var eventTypes = EventTypesOf(type);
        var bases = eventTypes.Select(t => t.BaseType!).Distinct().ToList();

        var eventBase = Assert.Single(bases);
        Assert.True(eventBase.IsAbstract, $"{eventBase.Name} is the events' base, so it is abstract.");
        Assert.Equal(DomainEvents.Of(eventBase).OrderBy(t => t.Name), eventTypes.OrderBy(t => t.Name));
        // Marten stores an event as the JSON of its own properties under its own type name: the base must add none.
        Assert.Empty(eventBase.GetProperties(BindingFlags.Public | BindingFlags.Instance));
    }

    private static IEnumerable<Type> AggregateTypes() => Domain.GetTypes()
        .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEventSourced<>) && i.GetGenericArguments()[0] == t))
        .OrderBy(t => t.Name);

    private static IReadOnlySet<Type> EventTypesOf(Type aggregate) =>
        (IReadOnlySet<Type>)aggregate.GetProperty("EventTypes", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
}
