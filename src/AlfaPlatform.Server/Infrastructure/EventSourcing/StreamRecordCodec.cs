using System.Text.Json;
using AlfaPlatform.Domain.Common;
using Orleans.Serialization;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// How a <see cref="StreamRecord{TState}"/> crosses Orleans (a grain's answer to a change): as System.Text.Json. Orleans'
/// generated serializers would do too, given <c>[GenerateSerializer]</c> on every state record and on each record it
/// holds (a forgotten one fails only at run time, at the feature's first change), with ids by parameter position (a
/// reordered parameter misread between a silo and a gateway of another build). JSON needs neither: one registration
/// covers every feature's state, fields match by name, and it is the form Marten already stores the record in.
/// </summary>
public static class StreamRecordCodec
{
    /// <summary>On every silo and every client (a gateway of its own): both ends must read what the other writes.</summary>
    public static IServiceCollection AddStreamRecordCodec(this IServiceCollection services) => services
        .AddSingleton<ITypeFilter, DomainStates>()
        .AddSerializer(serializer => serializer.AddJsonSerializer(IsStreamRecord, new JsonSerializerOptions(JsonSerializerDefaults.General)));

    private static bool IsStreamRecord(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(StreamRecord<>);

    /// <summary>
    /// Orleans names only the types it has a serializer for (or is told about); a domain state has none of its own, yet
    /// it names grain interfaces (<c>IStreamGrain&lt;TCommand, TState&gt;</c>) and the records they answer.
    /// </summary>
    private sealed class DomainStates : ITypeFilter
    {
        public bool? IsTypeAllowed(Type type) =>
            type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEventSourced<>)) ? true : null;
    }
}
