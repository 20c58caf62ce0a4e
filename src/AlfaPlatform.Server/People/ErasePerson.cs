using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using Marten;
using Mediator;
using AlfaPlatform.Server.Infrastructure.Security;

namespace AlfaPlatform.Server.People;

/// <summary>
/// Staff erase a person at their request (ADR 0008): their data disappears from every event and every document, the
/// structure stays (their memberships, shown as "erased person"). Safe to repeat: a second call appends nothing and
/// completes whatever a first call left undone.
/// </summary>
public static class ErasePersonOperation
{
    public sealed record Command : PersonChange
    {
        public override PersonCommand ToDomain() => new ErasePerson();
    }

    public sealed class Handler(IGrainFactory grains, IDocumentStore store, Caller caller, TimeProvider clock) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken)
        {
            await using (var session = store.QuerySession())
            {
                if (await session.LoadAsync<StreamRecord<Person>>(command.PersonId, cancellationToken) is { State.AccountId: { } account } record
                    && caller.ActorId == account.ToString())
                {
                    return CommandResult.Rejected(
                        Rejection.Conflict("own_record", "Staff cannot erase themselves: another staff member can."), record.Version);
                }

                // Their memberships are the structure erasure keeps: they must be complete (dated leaves) first, or
                // later roster changes about them (a leaving reason, say) would be written after the masking.
                if (await session.Query<StreamRecord<Team>>()
                        .AnyAsync(t => t.State.Members.Any(m => m.PersonId == command.PersonId && m.LeftOn == null), cancellationToken))
                {
                    return CommandResult.Rejected(
                        Rejection.Conflict("still_a_member", "The person is still a member of a team: record that they left first."), 0);
                }
            }

            // The grain records PersonErased: from then on its state (and the inline record) hold nothing about the
            // person, and it refuses every change, so nothing unmasked can be appended after the masking below.
            var result = await command.SendAsync(grains);
            if (result.IsAccepted)
            {
                await PersonErasure.RemoveTracesAsync(store, command.PersonId, clock.GetUtcNow(), cancellationToken);
            }

            return result;
        }
    }
}

/// <summary>Everything erasure does besides the <see cref="PersonErased"/> event; each step is idempotent.</summary>
public static class PersonErasure
{
    /// <summary>Added to every event the masking rewrote: when it was masked.</summary>
    public const string MaskedHeader = "masked";

    public static async Task RemoveTracesAsync(IDocumentStore store, Guid personId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<StreamRecord<Person>>(personId, cancellationToken) is not { State.IsErased: true } record)
        {
            return;
        }

        var accountId = record.State.AccountId;
        var account = accountId is { } id ? await session.LoadAsync<Account>(id, cancellationToken) : null;
        var party = new ErasedParty(
            accountId is { } linkedId ? [personId, linkedId] : [personId],
            accountId,
            await ErasureTraces.SpellingsOfPersonAsync(session, personId, account, cancellationToken));
        var teams = await session.Query<StreamRecord<Team>>()
            .Where(t => t.State.Members.Any(m => m.PersonId == personId))
            .Select(t => t.Id)
            .ToListAsync(cancellationToken);

        // The documents. The email's claim was released in PersonErased's own transaction; this removes any left over.
        session.DeleteWhere<UniqueKeyClaim>(claim => claim.StreamId == personId);

        // Then the events, rewritten in place by the masking rules (TeamsModule, IdentityModule and the features'):
        // the person's own stream and the reasons given when they left a team, with what ErasureTraces adds.
        await ErasureTraces.EraseAsync(store, session, party, masking =>
        {
            masking.IncludeStream(personId);
            foreach (var team in teams)
            {
                masking.IncludeStream(team, e => e.Data is MemberLeft left && left.PersonId == personId);
            }
        }, now, cancellationToken);
    }
}
