using System.Security.Claims;

namespace AlfaPlatform.Server.Infrastructure.Security;

/// <summary>The directory's person linked to an account: who a signed-in network person is.</summary>
public sealed record CallerPerson(Guid PersonId, string DisplayName, Guid? PrimaryAffiliation);

/// <summary>A team the caller's person is active in, and the organisation the team belongs to.</summary>
public sealed record CallerTeam(Guid TeamId, Guid OrganisationId);

/// <summary>
/// What the directory knows about an account, answered by the features owning people and teams (People, Teams) so
/// that security asks them without naming them.
/// </summary>
public interface ICallerDirectory
{
    /// <summary>The active person linked to <paramref name="accountId"/>, if any.</summary>
    Task<CallerPerson?> PersonOfAccountAsync(Guid accountId, CancellationToken cancellationToken);

    /// <summary>The teams (not archived) <paramref name="personId"/> is an active member of.</summary>
    Task<IReadOnlyList<CallerTeam>> ActiveTeamsOfAsync(Guid personId, CancellationToken cancellationToken);
}

/// <summary>
/// The one place that answers "who is this caller": the account, the person linked to it, that person's teams and
/// the organisation a partner acts for. Scoped to the request; each answer is looked up once.
/// </summary>
public sealed class CallerIdentity(Caller caller, ICallerDirectory directory)
{
    private CallerPerson? _person;
    private bool _personLoaded;
    private IReadOnlyList<CallerTeam>? _teams;

    public Caller Caller => caller;

    public bool IsStaff => caller.Role == Roles.Staff;

    public bool IsMember => caller.Role == Roles.Member;

    public bool IsPartner => caller.Role == Roles.Partner;

    /// <summary>The caller's account (people's accounts only: an API client or an external subject has none).</summary>
    public Guid? AccountId => Guid.TryParse(caller.ActorId, out var account) ? account : null;

    /// <summary>For a partner: the only organisation whose records it may see (<see cref="Caller.Organisation"/>).</summary>
    public Guid? PartnerOrganisation => caller.Organisation;

    /// <summary>
    /// The active person linked to the caller's account, for the network's people (staff, members, viewers). A
    /// partner's account is bound to its company, never to a person of the directory.
    /// </summary>
    public async Task<CallerPerson?> PersonAsync(CancellationToken cancellationToken)
    {
        if (!_personLoaded && !IsPartner && AccountId is { } account)
        {
            _person = await directory.PersonOfAccountAsync(account, cancellationToken);
        }

        _personLoaded = true;
        return _person;
    }

    /// <summary>A member's linked person (null for every other role, or before staff link the account).</summary>
    public async Task<CallerPerson?> MemberPersonAsync(CancellationToken cancellationToken) =>
        IsMember ? await PersonAsync(cancellationToken) : null;

    /// <summary>The teams a member is active in today (none for other roles, or without a linked person).</summary>
    public async Task<IReadOnlyList<CallerTeam>> MemberTeamsAsync(CancellationToken cancellationToken)
    {
        if (_teams is null)
        {
            _teams = await MemberPersonAsync(cancellationToken) is { } person
                ? await directory.ActiveTeamsOfAsync(person.PersonId, cancellationToken)
                : [];
        }

        return _teams;
    }

    /// <summary>
    /// The id the caller acts under as a person (registers for meetings, reads their registrant inbox): the linked
    /// person for the network's people, the account itself for a partner's person (bound to its company by the token).
    /// </summary>
    public async Task<Guid?> PersonOrPartnerAccountAsync(CancellationToken cancellationToken) =>
        IsPartner ? AccountId : (await PersonAsync(cancellationToken))?.PersonId;

    /// <summary>Who a member speaks for: the teams they are active in today and the organisations of those teams.</summary>
    public async Task<IReadOnlySet<Guid>> MemberTargetsAsync(CancellationToken cancellationToken) =>
        (await MemberTeamsAsync(cancellationToken)).SelectMany(t => new[] { t.TeamId, t.OrganisationId }).ToHashSet();
}

public static class CallerIdentitySetup
{
    /// <summary>Who is calling, for the events their commands cause and for access checks: filled once authentication has run.</summary>
    public static IApplicationBuilder UseCallerIdentity(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            context.RequestServices.GetRequiredService<Caller>().ActAs(context.User);
        }

        return next(context);
    });

    /// <summary>The caller acts as <paramref name="user"/> (a token's or the web app's cookie's claims).</summary>
    public static void ActAs(this Caller caller, ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return;
        }

        caller.ActorId = user.FindFirstValue(PlatformClaims.Subject) ?? caller.ActorId;
        caller.ActorName = user.FindFirstValue(PlatformClaims.Name);
        caller.Role = Roles.ActingRole(user);
        caller.Organisation = Roles.RestrictedToOrganisation(user);
    }
}
