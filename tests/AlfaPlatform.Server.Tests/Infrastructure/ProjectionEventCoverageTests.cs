using System.Reflection;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Notifications;
using JasperFx.Events;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>
/// Every projection says of every event of the streams it reads whether it handles or ignores it, so a new event
/// is a decision in each read model, not a silent <c>default:</c>. Projections and events are found by reflection:
/// a new projection or event is checked without touching this test. Stream records fold with the aggregate's own
/// Evolve, which the domain's EventCoverageTests prove exhaustive.
/// </summary>
public sealed class ProjectionEventCoverageTests
{
    private static readonly Assembly Server = typeof(NotificationProjection).Assembly;

    public static TheoryData<string> Projections() => [.. DeclaringProjections().Select(t => t.Name)];

    [Fact]
    public void every_projection_declares_the_events_it_handles_and_ignores()
    {
        var undeclared = Server.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && IsMartenProjection(t) && !IsStreamRecordProjection(t))
            .Where(t => !t.IsAssignableTo(typeof(IDeclaresEvents)))
            .Select(t => t.Name).ToList();

        Assert.True(undeclared.Count == 0, $"These projections do not declare their events (IDeclaresEvents): {string.Join(", ", undeclared)}.");
        Assert.NotEmpty(DeclaringProjections());
    }

    [Theory]
    [MemberData(nameof(Projections))]
    public void every_event_of_a_stream_the_projection_reads_is_handled_or_ignored(string projection)
    {
        var declared = EventsOf(DeclaringProjections().Single(t => t.Name == projection));
        var read = declared.Reads.SelectMany(DomainEvents.Of).ToHashSet();

        var neither = read.Where(t => !declared.Handled.Contains(t) && !declared.Ignored.Contains(t)).Select(t => t.Name).Order().ToList();
        var both = declared.Handled.Intersect(declared.Ignored).Select(t => t.Name).Order().ToList();
        var notRead = declared.Handled.Union(declared.Ignored).Where(t => !read.Contains(t)).Select(t => t.Name).Order().ToList();

        Assert.True(neither.Count == 0, $"{projection} neither handles nor ignores {string.Join(", ", neither)}: add each to its Events, handled or ignored.");
        Assert.True(both.Count == 0, $"{projection} both handles and ignores {string.Join(", ", both)}.");
        Assert.True(notRead.Count == 0, $"{projection} declares {string.Join(", ", notRead)}, of streams it does not say it reads: add their event base to its reads.");
    }

    [Fact]
    public void at_run_time_an_undeclared_event_of_a_stream_read_throws_and_other_streams_pass_by()
    {
        var declared = new ProjectionEvents(reads: [typeof(TeamEvent)], handled: [typeof(TeamCreated)], ignored: [typeof(TeamArchived)]);
        IEvent created = new Event<TeamCreated>(new TeamCreated(Guid.NewGuid(), Guid.NewGuid(), "Team", []));
        IEvent archived = new Event<TeamArchived>(new TeamArchived(null));
        IEvent person = new Event<PersonErased>(new PersonErased());
        IEvent renamed = new Event<TeamRenamed>(new TeamRenamed("Undeclared"));

        Assert.Equal([created, archived], declared.Read([created, person, archived]));
        Assert.Equal([created], declared.HandledIn([created, person, archived]));
        declared.Ignore(archived.Data);
        var failure = Assert.Throws<InvalidOperationException>(() => declared.Read([created, renamed]));
        Assert.Contains(nameof(TeamRenamed), failure.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => declared.Ignore(renamed.Data));
    }

    [Theory]
    [MemberData(nameof(Projections))]
    public void an_async_projection_loads_every_event_it_handles_and_none_it_ignores(string projection)
    {
        var type = DeclaringProjections().Single(t => t.Name == projection);
        if (type == typeof(NotificationProjection))
        {
            return; // inline: it runs in the append's transaction, on exactly the events appended
        }

        var options = new Marten.StoreOptions();
        new AlfaPlatform.Server.Dashboards.DashboardsModule().ConfigureStore(options);
        new AlfaPlatform.Server.Search.SearchModule().ConfigureStore(options);
        var registered = options.Projections.All.OfType<JasperFx.Events.Projections.ProjectionBase>()
            .Single(p => p.GetType().GetProperty("ProjectionType")?.GetValue(p) as Type == type);
        var declared = EventsOf(type);
        var loaded = registered.IncludedEventTypes.ToHashSet();
        Assert.All(loaded, t => Assert.False(t.IsAbstract, $"{projection} loads {t.Name}: an abstract type turns Marten's filter off.")); // Marten filters only on concrete types
        Assert.Empty(declared.Handled.Where(t => !loaded.Contains(t)).Select(t => t.Name));
        Assert.Empty(declared.Ignored.Where(loaded.Contains).Select(t => t.Name));
    }

    private static IEnumerable<Type> DeclaringProjections() =>
        Server.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IDeclaresEvents))).OrderBy(t => t.Name);

    private static ProjectionEvents EventsOf(Type projection) =>
        (ProjectionEvents)projection.GetProperty(nameof(IDeclaresEvents.Events), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    private static bool IsMartenProjection(Type type) =>
        type.IsAssignableTo(typeof(Marten.Events.Projections.IProjection))
        || BaseTypes(type).Any(b => b.Name.Contains("Projection", StringComparison.Ordinal)
            && (b.Namespace?.StartsWith("Marten", StringComparison.Ordinal) == true || b.Namespace?.StartsWith("JasperFx", StringComparison.Ordinal) == true));

    private static bool IsStreamRecordProjection(Type type) =>
        BaseTypes(type).Any(b => b.IsGenericType && b.GetGenericTypeDefinition() == typeof(StreamRecordProjection<>));

    private static IEnumerable<Type> BaseTypes(Type type)
    {
        for (var b = type.BaseType; b is not null; b = b.BaseType)
        {
            yield return b;
        }
    }
}
