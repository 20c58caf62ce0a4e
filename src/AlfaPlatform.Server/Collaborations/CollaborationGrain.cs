using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>The single writer of one collaboration request's stream.</summary>
[Alias("alfa.collaboration-grain")]
public interface ICollaborationGrain : IStreamGrain<RequestCommand>;

public sealed class CollaborationGrain(EventStore eventStore, TimeProvider clock)
    : EventSourcedGrain<CollaborationRequest, RequestCommand>(eventStore, clock), ICollaborationGrain
{
    protected override Decision Decide(CollaborationRequest? state, RequestCommand command, DateOnly today) =>
        RequestDecider.WithIdentity(RequestDecider.Decide(state, command, today), StreamId);
}

/// <summary>A change to a request (its drafting included).</summary>
public abstract record RequestChange : StreamChange<RequestCommand, ICollaborationGrain>
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Guid RequestId { get => StreamId; init => StreamId = value; }
}

public static class CollaborationsModule
{
    public static void ConfigureStore(StoreOptions options) =>
        options.AddStreamRecords(new RequestRecordProjection(), "collaboration_request");
}

public sealed partial class RequestRecordProjection : StreamRecordProjection<CollaborationRequest>;
