using AlfaPlatform.Domain.Common;
using Mediator;

namespace AlfaPlatform.Server.Infrastructure.Security;

/// <summary>How the caller stands to one record: staff, its owner (a partner's own request), or a party through the targets they speak for.</summary>
public sealed record RecordParty(bool IsStaff, bool IsOwner, IReadOnlySet<Guid> Targets);

/// <summary>
/// Who the caller is to the records of one kind (<typeparamref name="TRecord"/>, the record's domain state), answered
/// by the feature owning them; null for a record that does not exist or that the caller may not see.
/// </summary>
public interface IRecordParties<TRecord>
{
    /// <summary>How the record is named in a 404 ("The request").</summary>
    string RecordName { get; }

    /// <summary>The 403 to a party who may see the record but whose step it is not.</summary>
    Rejection NotTheOwner => Rejection.Forbidden("not_the_owner", $"This step is the owner's of {RecordName.ToLowerInvariant()}.");

    Task<RecordParty?> PartyAsync(Guid recordId, CancellationToken cancellationToken);
}

/// <summary>A request whose access is checked before its handler runs (<see cref="AccessBehavior{TMessage, TResponse}"/>): null lets it through.</summary>
public interface IAccessChecked
{
    ValueTask<Rejection?> CheckAccessAsync(IServiceProvider services, CancellationToken cancellationToken);
}

/// <summary>
/// A step only the record's owner takes (a partner's own request: draft, submit, withdraw, shortlist, select, rate):
/// 404 to whoever may not see the record, 403 to a party who may (staff, a routed team) but whose step it is not.
/// </summary>
public interface IOwnerStep<TRecord> : IAccessChecked
{
    Guid RecordId { get; }

    async ValueTask<Rejection?> IAccessChecked.CheckAccessAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var parties = services.GetRequiredService<IRecordParties<TRecord>>();
        return await parties.PartyAsync(RecordId, cancellationToken) switch
        {
            null => Rejection.NotFound(parties.RecordName),
            { IsOwner: true } => null,
            _ => parties.NotTheOwner,
        };
    }
}

/// <summary>A step on a record the caller may see (a meeting they may see: registering, contributing): 404 to everyone else.</summary>
public interface IVisibleRecordStep<TRecord> : IAccessChecked
{
    Guid RecordId { get; }

    async ValueTask<Rejection?> IAccessChecked.CheckAccessAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var parties = services.GetRequiredService<IRecordParties<TRecord>>();
        return await parties.PartyAsync(RecordId, cancellationToken) is null ? Rejection.NotFound(parties.RecordName) : null;
    }
}

/// <summary>
/// A step staff take, or a member for a target they speak for (a routed team answering): 404 to everyone else,
/// who may not know the record exists for that target.
/// </summary>
public interface IStaffOrTargetStep<TRecord> : IAccessChecked
{
    Guid RecordId { get; }

    Guid TargetId { get; }

    async ValueTask<Rejection?> IAccessChecked.CheckAccessAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var parties = services.GetRequiredService<IRecordParties<TRecord>>();
        return await parties.PartyAsync(RecordId, cancellationToken) is { } party && (party.IsStaff || party.Targets.Contains(TargetId))
            ? null
            : Rejection.NotFound(parties.RecordName);
    }
}

/// <summary>A request whose answer is not a <see cref="CommandResult"/> (a change answered with its record): how it answers a refusal.</summary>
public interface IRefusable<out TResponse>
{
    TResponse Refused(Rejection rejection);
}

/// <summary>
/// The access checks that are the same across features, run once for every request that declares one
/// (<see cref="IAccessChecked"/>), after validation and before the handler: a refused command answers as its handler
/// would have, with the rejection and no write.
/// </summary>
public sealed class AccessBehavior<TMessage, TResponse>(IServiceProvider services) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IAccessChecked checkedMessage || await checkedMessage.CheckAccessAsync(services, cancellationToken) is not { } refused)
        {
            return await next(message, cancellationToken);
        }

        return message switch
        {
            IRefusable<TResponse> refusable => refusable.Refused(refused),
            _ when CommandResult.Rejected(refused, 0) is TResponse answer => answer,
            _ => throw new InvalidOperationException($"{typeof(TMessage)} declares an access check but does not answer a {nameof(CommandResult)}."),
        };
    }
}
