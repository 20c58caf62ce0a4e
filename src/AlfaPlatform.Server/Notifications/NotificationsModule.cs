using AlfaPlatform.Server.Infrastructure.Hosting;
using JasperFx.Events.Projections;
using Marten;

namespace AlfaPlatform.Server.Notifications;

public static class NotificationsModule
{
    public static void ConfigureStore(StoreOptions options)
    {
        // Inline: notifications commit with the events they tell of. A rebuild (Marten's projection daemon) tears down
        // the notifications and the projection's request contexts and replays every request from its draft; the
        // notifications come back with the same ids, so read marks and email deliveries still match them.
        options.Projections.Add(new NotificationProjection(), ProjectionLifecycle.Inline, NotificationProjection.Name, rebuild =>
        {
            rebuild.DeleteViewTypeOnTeardown<Notification>();
            rebuild.DeleteViewTypeOnTeardown<RequestNotificationContext>();
            rebuild.EnableDocumentTrackingByIdentity = true;
        });
        options.Schema.For<Notification>().Index(x => x.Audience).Index(x => x.At).Index(x => x.RequestId);
        options.Schema.For<RequestNotificationContext>();
        options.Schema.For<NotificationRead>().Index(x => x.Reader);
        options.Schema.For<NotificationReadThrough>();
        options.Schema.For<PendingEmail>();
    }

    public static void AddNotifications(this IServiceCollection services, IConfiguration configuration, PlatformRole role)
    {
        services.AddScoped<ReaderInbox>();
    }
}
