using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Organisations.Contracts;
using FluentValidation;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Identity;

/// <summary>An API client as listed: never its secret. <see cref="LastUsedAt"/>: when it last got a token (null: never, or before this was kept).</summary>
public sealed record ApiClientView(
    string ClientId, string Name, Guid PartnerOrganisationId, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt = null)
{
    public bool Revoked => RevokedAt is not null;

    public static ApiClientView From(ApiClient client, DateTimeOffset? lastUsedAt = null) =>
        new(client.Id, client.Name, client.PartnerOrganisationId, client.CreatedBy, client.CreatedAt, client.RevokedAt, lastUsedAt);
}

/// <summary>
/// When an API client last got a token (its id is the client's): written at each client-credentials sign-in, apart
/// from the client so that a sign-in never races staff revoking it.
/// </summary>
public sealed record ApiClientLastUse(string Id, DateTimeOffset At);

/// <summary>Staff issue a partner company's system its client credentials; the secret is shown once, stored hashed.</summary>
public static class IssueApiClient
{
    public sealed record Command(string? Name, Guid? PartnerOrganisationId) : ICommand<Outcome<Issued>>;

    public sealed record Issued(ApiClientView Client, string ClientSecret);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
            RuleFor(x => x.PartnerOrganisationId).NotNull();
        }
    }

    public sealed class Handler(IDocumentSession session, IOrganisationDirectory organisations, Caller caller, TimeProvider clock, IdempotentWrites idempotentWrites)
        : ICommandHandler<Command, Outcome<Issued>>
    {
        public async ValueTask<Outcome<Issued>> Handle(Command command, CancellationToken cancellationToken)
        {
            var keyed = CommandContext.Current().Keyed;
            if (keyed is not null && await idempotentWrites.AnyAsync(session, keyed, cancellationToken))
            {
                return IdempotentWrites.SecretNotKept; // issued by an earlier attempt whose answer was lost
            }

            if (await PartnerCompanies.CheckAsync(organisations, command.PartnerOrganisationId!.Value, cancellationToken) is { } refused)
            {
                return refused;
            }

            var secret = Passwords.Generate(40);
            var client = new ApiClient(
                $"partner-{caller.NewId("api-client"):N}", command.Name!.Trim(), Passwords.Hash(secret), command.PartnerOrganisationId.Value,
                caller.ActorId, clock.GetUtcNow(), RevokedAt: null);
            var issued = new ApiClientIssued(client.Id, client.Name, client.PartnerOrganisationId);
            if (!await RefusableWrites.TryInsertThenRecordAsync(session.DocumentStore, client, unit => unit.Record(IdentityAudit.StreamOf(client), issued), cancellationToken))
            {
                // Ids are new unless derived from the Idempotency-Key: issued by an attempt with the same key that ran at the same time.
                return keyed is not null ? IdempotentWrites.SecretNotKept : throw new InvalidOperationException($"API client {client.Id} exists already.");
            }

            return new Issued(ApiClientView.From(client), secret);
        }
    }
}

/// <summary>
/// The API clients, oldest first: staff see every company's (or one's, with <see cref="Query.PartnerOrganisationId"/>);
/// a partner sees its own company's only (another company's filter lists nothing). Also what the partner's web page
/// calls in process, as the signed-in caller.
/// </summary>
public static class ListApiClients
{
    public sealed record Query(Guid? PartnerOrganisationId = null) : IQuery<IReadOnlyList<ApiClientView>>;

    public sealed class Handler(IQuerySession session, Caller caller) : IQueryHandler<Query, IReadOnlyList<ApiClientView>>
    {
        public async ValueTask<IReadOnlyList<ApiClientView>> Handle(Query query, CancellationToken cancellationToken)
        {
            var organisation = query.PartnerOrganisationId;
            if (caller.Role != Roles.Staff)
            {
                // Anyone but staff sees its own company's clients, or none (the endpoint admits staff and partners only).
                if (caller.Organisation is not { } own || (organisation is { } asked && asked != own))
                {
                    return [];
                }

                organisation = own;
            }

            var clients = session.Query<ApiClient>().AsQueryable();
            if (organisation is { } filter)
            {
                clients = clients.Where(c => c.PartnerOrganisationId == filter);
            }

            var listed = await clients.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToListAsync(cancellationToken);
            var ids = listed.Select(c => c.Id).ToArray();
            var uses = (await session.LoadManyAsync<ApiClientLastUse>(cancellationToken, ids)).ToDictionary(u => u.Id, u => u.At);
            return [.. listed.Select(c => ApiClientView.From(c, uses.TryGetValue(c.Id, out var at) ? at : null))];
        }
    }
}

/// <summary>Staff revoke an API client: its tokens stop working on the next request.</summary>
public static class RevokeApiClient
{
    public sealed record Command(string ClientId) : ICommand<Outcome<ApiClientView>>;

    public sealed class Handler(IDocumentSession session, TimeProvider clock) : ICommandHandler<Command, Outcome<ApiClientView>>
    {
        public async ValueTask<Outcome<ApiClientView>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await session.LoadAsync<ApiClient>(command.ClientId, cancellationToken) is not { } client)
            {
                return Rejection.NotFound("The API client");
            }

            if (client.RevokedAt is not null)
            {
                return ApiClientView.From(client);
            }

            var revoked = client with { RevokedAt = clock.GetUtcNow() };
            session.Update(revoked);
            session.Record(IdentityAudit.StreamOf(client), new ApiClientRevoked(client.Id));
            await session.SaveChangesAsync(cancellationToken);
            return ApiClientView.From(revoked);
        }
    }
}

/// <summary>Keeps <see cref="ApiClientLastUse"/>: one upsert per client-credentials token, so a partner sees which of its systems still sign in.</summary>
public sealed class ApiClientUses(IDocumentStore store, TimeProvider clock)
{
    public async Task UsedAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        session.Store(new ApiClientLastUse(clientId, clock.GetUtcNow()));
        await session.SaveChangesAsync(cancellationToken);
    }
}
