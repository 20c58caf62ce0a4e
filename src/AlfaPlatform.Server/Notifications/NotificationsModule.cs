using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.People.Contracts;
using JasperFx.Events.Projections;
using Marten;

namespace AlfaPlatform.Server.Notifications;

public sealed class NotificationsModule : IFeatureModule
{
    public int Order => 700;

    public void Map(WebApplication app) => app.MapNotifications();

    public void ConfigureStore(StoreOptions options)
    {
        // Inline: notifications commit with the events they tell of. A rebuild (Marten's projection daemon) tears down
        // the notifications and the projection's request and meeting contexts and replays every request from its draft
        // and every meeting from its creation; the notifications come back with the same ids, so read marks and email
        // deliveries still match them.
        options.Projections.Add(new NotificationProjection(), ProjectionLifecycle.Inline, NotificationProjection.Name, rebuild =>
        {
            rebuild.DeleteViewTypeOnTeardown<Notification>();
            rebuild.DeleteViewTypeOnTeardown<RequestNotificationContext>();
            rebuild.DeleteViewTypeOnTeardown<MeetingNotificationContext>();
            rebuild.EnableDocumentTrackingByIdentity = true;
        });
        options.Schema.For<Notification>().Index(x => x.Audience).Index(x => x.At).Index(x => x.SubjectId);
        options.Schema.For<RequestNotificationContext>();
        options.Schema.For<MeetingNotificationContext>();
        options.Schema.For<NotificationRead>().Index(x => x.Reader);
        options.Schema.For<NotificationReadThrough>();
        options.Schema.For<PendingEmail>().Index(x => x.At); // the outbox is read oldest first (NotificationMailer.Due)
        options.Schema.For<EmailDelivery>().Index(x => x.NotificationId);
    }

    public void AddServices(FeatureServices feature)
    {
        var services = feature.Services;
        services.AddOptions<SmtpSettings>().Bind(feature.Configuration.GetSection("Smtp"))
            .Validate(s => !s.IsConfigured || EmailAddresses.IsPlain(s.From), "Smtp:From must be a plain email address when Smtp:Host is set.")
            .Validate(s => s.Port is > 0 and < 65536, "Smtp:Port is a TCP port.")
            .Validate(s => s.PollInterval >= TimeSpan.FromMilliseconds(100), "Smtp:PollInterval is at least 100 ms.")
            .Validate(s => s.MaxAttempts is > 0 and <= 100, "Smtp:MaxAttempts runs from 1 to 100.")
            .Validate(s => s.MaxAge > TimeSpan.Zero, "Smtp:MaxAge must be positive.")
            .ValidateOnStart();
        services.AddScoped<ReaderInbox>();
        services.AddSingleton<Contracts.ApplicantMail>();
        services.AddSingleton<IErasureParticipant, EmailDeliveryErasureParticipant>();
        services.AddSingleton(new InlineProjectionReads(NotificationProjection.Events.Reads)); // appends of these run the projection
        if (feature.HostsGrains)
        {
            services.AddHostedService<NotificationMailer>();
        }
    }
}
