using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Identity.Contracts;
using JasperFx.Events.Protected;
using Marten;

namespace AlfaPlatform.Server.People.Contracts;

/// <summary>
/// Who is erased, as the rest of the platform knows them: the ids they registered for meetings and were emailed
/// under (a person's id, their account's id), the account they acted as, and what spells them out in free-standing
/// text (emails, phones, ORCID iDs, full names).
/// </summary>
public sealed record ErasedParty(IReadOnlyCollection<Guid> RegistrantIds, Guid? AccountId, IReadOnlyCollection<string> Spellings)
{
    /// <summary>What else emails named them by, before they had an account: a partner applicant's audience.</summary>
    public IReadOnlyCollection<string> MailedAs { get; init; } = [];
}

/// <summary>
/// A feature's part in every erasure (ADR 0008): what the erased party left in that feature's documents (an account,
/// an access log, email deliveries). Each feature that keeps such documents implements it and registers it in its
/// module; <see cref="IPartyErasure"/> runs them all, so erasure names no feature's insides.
/// </summary>
public interface IErasureParticipant
{
    /// <summary>Queues the changes in <paramref name="session"/> (the erasure's one transaction); idempotent.</summary>
    Task RemoveFromDocumentsAsync(IDocumentSession session, ErasedParty party, CancellationToken cancellationToken);

    /// <summary>
    /// Runs once the events are masked and the records folded from them again: for what is derived from records
    /// asynchronously (an index), which only then reads nothing of the party's; idempotent.
    /// </summary>
    Task AfterEventsMaskedAsync(ErasedParty party, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// The shared end of every erasure (a person's, a partner contact's, an account's): the participants' documents and
/// stored answers, in <paramref name="session"/>'s one transaction with whatever the caller queued there; then the
/// events. Idempotent.
/// </summary>
public interface IPartyErasure
{
    /// <param name="own">Chooses the erased party's own events to mask (their stream, their leaving reasons…).</param>
    Task EraseAsync(IDocumentSession session, ErasedParty party, Action<IEventDataMasking> own, DateTimeOffset now, CancellationToken cancellationToken);
}

public static class ErasureSpellings
{
    /// <summary>
    /// The values worth looking for: the account's user name and display name with <paramref name="values"/>, without
    /// blanks and without what erasure itself writes (so a repeat looks for nothing that is not theirs).
    /// </summary>
    public static IReadOnlyCollection<string> Of(IEnumerable<string?> values, AccountContact? account) =>
    [
        .. values.Concat([account?.UserName, account?.DisplayName])
            .Select(v => v?.Trim())
            .Where(v => v is { Length: >= 3 } && v != PersonalData.ErasedName && (account is null || v != ErasedAccounts.UserNameOf(account.Id)))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Cast<string>(),
    ];
}
