using AlfaPlatform.Domain.Partners;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;

namespace AlfaPlatform.Server.Partners.Contracts;

/// <summary>An application's contact, as other features may ask (Notifications, to email the applicant).</summary>
public static class PartnerApplicationContacts
{
    /// <summary>The contact's email as the application holds it now: null once erased, or for an unknown application.</summary>
    public static async Task<string?> ContactEmailAsync(IQuerySession session, Guid applicationId, CancellationToken cancellationToken) =>
        await session.LoadAsync<StreamRecord<PartnerApplication>>(applicationId, cancellationToken) is { State: { ContactErased: false } application }
            && application.ContactEmail.Length > 0
            ? application.ContactEmail
            : null;
}
