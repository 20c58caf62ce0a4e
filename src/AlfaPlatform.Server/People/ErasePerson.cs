using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Identity.Contracts;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.People.Contracts;
using AlfaPlatform.Server.Teams.Contracts;
using Marten;
using Mediator;

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

    public sealed class Handler(
        IGrainFactory grains, IDocumentStore store, Caller caller, TimeProvider clock, ITeamMemberships memberships, PersonErasure erasure)
        : ICommandHandler<Command, CommandResult>
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
                if ((await memberships.PeriodsOfAsync(command.PersonId, day: null, cancellationToken)).Any(p => p.Membership.LeftOn == null))
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
                await erasure.RemoveTracesAsync(command.PersonId, clock.GetUtcNow(), cancellationToken);
            }

            return result;
        }
    }
}

/// <summary>Everything erasure does besides the <see cref="PersonErased"/> event; each step is idempotent.</summary>
public sealed class PersonErasure(IDocumentStore store, IPartyErasure erasure, IAccountContacts accounts, ITeamMemberships memberships)
{
    public async Task RemoveTracesAsync(Guid personId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<StreamRecord<Person>>(personId, cancellationToken) is not { State.IsErased: true } record)
        {
            return;
        }

        var accountId = record.State.AccountId;
        var account = accountId is { } id ? await accounts.FindAsync(id, cancellationToken) : null;
        var party = new ErasedParty(
            accountId is { } linkedId ? [personId, linkedId] : [personId],
            accountId,
            await SpellingsOfPersonAsync(session, personId, account, cancellationToken));
        var teams = (await memberships.PeriodsOfAsync(personId, day: null, cancellationToken)).Select(p => p.TeamId).Distinct().ToList();

        // The documents. The email's claim was released in PersonErased's own transaction; this removes any left over.
        session.DeleteWhere<UniqueKeyClaim>(claim => claim.StreamId == personId);

        // Then the events, rewritten in place by the masking rules (TeamsModule, IdentityModule and the features'):
        // the person's own stream and the reasons given when they left a team, with what ErasureTraces adds.
        await erasure.EraseAsync(session, party, masking =>
        {
            masking.IncludeStream(personId);
            foreach (var team in teams)
            {
                masking.IncludeStream(team, e => e.Data is MemberLeft left && left.PersonId == personId);
            }
        }, now, cancellationToken);

        // Last, the days the person's record stood as it was before: they hold what the masking took from the events.
        // As of those days the masked events are folded.
        await RecordDays.ForgetAsync(store, [personId], cancellationToken);
    }

    /// <summary>What spells a person out, as their events and account hold it (before the masking blanks the events).</summary>
    private static async Task<IReadOnlyCollection<string>> SpellingsOfPersonAsync(
        IQuerySession session, Guid personId, AccountContact? account, CancellationToken cancellationToken)
    {
        var spellings = new List<string?>();
        foreach (var e in await session.Events.FetchStreamAsync(personId, token: cancellationToken))
        {
            switch (e.Data)
            {
                case PersonRegistered r:
                    spellings.AddRange([r.Email, r.Phone, r.Orcid, $"{r.GivenName} {r.FamilyName}"]);
                    break;
                case PersonProfileUpdated u:
                    spellings.AddRange([u.Email, u.Phone, u.Orcid, $"{u.GivenName} {u.FamilyName}"]);
                    break;
            }
        }

        return ErasureSpellings.Of(spellings, account);
    }
}
