using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;

namespace AlfaPlatform.Server.Notifications;

/// <summary>
/// Empties the email outbox (<see cref="PendingEmail"/>): each notification is emailed to every recipient its
/// audience reaches (<see cref="NotificationRecipients"/>), one message each. Runs on silos (the Combined and Silo
/// roles), beside the grains whose events it tells of, so gateways stay request-only and scale apart. Without
/// <c>Smtp:Host</c> it only clears the outbox: nothing is emailed, later either (MaxAge keeps a late configuration from
/// sending old news).
/// </summary>
/// <remarks>
/// <para>
/// One mailer works at a time across the cluster: each round takes a PostgreSQL advisory lock (per schema), which the
/// database frees if the node dies. Each recipient's <see cref="EmailDelivery"/> is stored as
/// <see cref="DeliveryState.Sending"/> (committed) before the message goes to the SMTP server and as
/// <see cref="DeliveryState.Sent"/> once the server accepted it, and the outbox entry is deleted only when every
/// recipient is done. So a restart at any point loses nothing: the entry is still there. And a sent message is not
/// sent again: its delivery says Sent.
/// </para>
/// <para>
/// Delivery is at least once, not exactly once: if the node stops after the SMTP server accepted a message and before
/// Sent is committed (a window of one database round trip), the delivery is found still <c>Sending</c> and the message
/// is sent again. Every attempt of a delivery carries the same Message-ID (derived from the notification and the
/// recipient), so mail systems and readers can recognise the copy as the same message.
/// </para>
/// </remarks>
public sealed partial class NotificationMailer(
    IDocumentStore store, NpgsqlDataSource dataSource, IOptions<SmtpSettings> options, TimeProvider clock, ILogger<NotificationMailer> logger)
    : BackgroundService
{
    private const int BatchSize = 100;
    private readonly SmtpSettings _settings = options.Value;
    private readonly long _lockKey = LockKey(store.Options.DatabaseSchemaName);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_settings.IsConfigured)
        {
            LogEmailing(_settings.Host!, _settings.Port);
        }

        using var timer = new PeriodicTimer(_settings.PollInterval);
        do
        {
            try
            {
                await RoundAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>
    /// The oldest entries not waiting for a retry, read in order through the index on <see cref="PendingEmail.At"/>:
    /// a round reads its batch, not every pending email (a burst of notifications can leave thousands).
    /// </summary>
    internal static IQueryable<PendingEmail> Due(IQuerySession session, DateTimeOffset now) =>
        session.Query<PendingEmail>()
            .Where(p => p.NotBefore == null || p.NotBefore <= now)
            .OrderBy(p => p.At)
            .Take(BatchSize);

    /// <summary>One pass over the outbox, if no other node is making one.</summary>
    internal async Task RoundAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await AdvisoryAsync(connection, "pg_try_advisory_lock", cancellationToken))
        {
            return;
        }

        try
        {
            await using var session = store.LightweightSession();
            var now = clock.GetUtcNow();
            var due = await Due(session, now).ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                return;
            }

            await using var smtp = new SmtpConnection(_settings);
            foreach (var entry in due)
            {
                await DeliverAsync(session, smtp, entry, cancellationToken);
            }
        }
        finally
        {
            await AdvisoryAsync(connection, "pg_advisory_unlock", CancellationToken.None);
        }
    }

    private async Task DeliverAsync(IDocumentSession session, SmtpConnection smtp, PendingEmail entry, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var notification = await session.LoadAsync<Notification>(entry.Id, cancellationToken);
        if (notification is null || !_settings.IsConfigured || notification.At < now - _settings.MaxAge)
        {
            session.Delete(entry);
            await session.SaveChangesAsync(cancellationToken);
            return;
        }

        DateTimeOffset? retryAt = null;
        var recipients = await NotificationRecipients.ResolveAsync(session, notification.Audience, cancellationToken);
        foreach (var recipient in recipients.Where(r => r.AccountId != notification.ActorId)) // nobody is told of their own action
        {
            var id = StableIds.Delivery(notification.Id, recipient.AccountId);
            var delivery = await session.LoadAsync<EmailDelivery>(id, cancellationToken);
            if (delivery is { IsDone: true })
            {
                continue;
            }

            if (delivery is { State: DeliveryState.Failed, NextAttemptAt: { } waitUntil } && waitUntil > now)
            {
                retryAt = Earliest(retryAt, waitUntil);
                continue;
            }

            if (recipient.Address is null)
            {
                session.Store(new EmailDelivery(id, notification.Id, recipient.AccountId, null, DeliveryState.Skipped, 0, now));
                await session.SaveChangesAsync(cancellationToken);
                continue;
            }

            var claimed = new EmailDelivery(id, notification.Id, recipient.AccountId, recipient.Address, DeliveryState.Sending, (delivery?.Attempts ?? 0) + 1, now);
            session.Store(claimed);
            await session.SaveChangesAsync(cancellationToken);
            try
            {
                await smtp.SendAsync(Compose(notification, entry.Link, recipient.Address, id), cancellationToken);
            }
            catch (SmtpUnavailableException)
            {
                // Nothing was handed over: the delivery stays as it was, and the round stops (the server is down, not
                // this message); the next round tries again, and no attempt is counted against the recipient.
                if (delivery is null)
                {
                    session.Delete<EmailDelivery>(id);
                }
                else
                {
                    session.Store(delivery);
                }

                await session.SaveChangesAsync(CancellationToken.None);
                throw;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The server refused this message (or the session broke while sending it): retried later, a few times.
                var gaveUp = claimed.Attempts >= _settings.MaxAttempts;
                var next = now + Backoff(claimed.Attempts);
                session.Store(claimed with
                {
                    State = gaveUp ? DeliveryState.GaveUp : DeliveryState.Failed,
                    NextAttemptAt = gaveUp ? null : next,
                    LastError = e.Message,
                });
                await session.SaveChangesAsync(CancellationToken.None);
                LogDeliveryFailed(e, notification.Id, recipient.AccountId, claimed.Attempts, gaveUp);
                if (!gaveUp)
                {
                    retryAt = Earliest(retryAt, next);
                }

                continue;
            }

            // The server has it: from here on, a restart must not send it again.
            session.Store(claimed with { State = DeliveryState.Sent, At = clock.GetUtcNow() });
            await session.SaveChangesAsync(CancellationToken.None);
        }

        if (retryAt is null)
        {
            session.Delete(entry);
        }
        else
        {
            session.Store(entry with { NotBefore = retryAt });
        }

        await session.SaveChangesAsync(CancellationToken.None);
    }

    private MimeMessage Compose(Notification notification, string? link, string address, Guid deliveryId)
    {
        var message = new MimeMessage
        {
            MessageId = EmailDelivery.MessageId(deliveryId, _settings.MessageIdDomain),
            Subject = $"[OPALE] {notification.SubjectTitle}",
            Date = notification.At,
        };
        message.From.Add(MailboxAddress.Parse(_settings.From!));
        message.To.Add(MailboxAddress.Parse(address));
        message.Headers.Add("X-Alfa-Notification", notification.Id.ToString());
        var body = new StringBuilder(notification.Text);
        if (notification.Message is { Length: > 0 } words)
        {
            body.Append("\n\n").Append(words);
        }

        if (notification.Subject == NotificationSubject.PartnerApplication)
        {
            body.Append("\n\n").Append(link); // the applicant has no account, so no inbox to point to
        }
        else
        {
            body.Append("\n\n").Append(notification.Subject == NotificationSubject.Meeting ? "Meeting " : "Request ").Append(notification.SubjectId)
                .Append(". Your notifications: /api/me/notifications");
        }

        message.Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = body.ToString() };
        return message;
    }

    private TimeSpan Backoff(int attempts) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, _settings.PollInterval.Ticks * (1L << Math.Min(attempts, 20))));

    private static DateTimeOffset Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;

    private async Task<bool> AdvisoryAsync(NpgsqlConnection connection, string function, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"select {function}(@key)", connection);
        command.Parameters.AddWithValue("key", _lockKey);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>One lock per schema: two platforms sharing a database by schema each run their own mailer.</summary>
    private static long LockKey(string schema) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"alfa.notification-mailer|{schema}")), 0);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notifications are emailed through {Host}:{Port}")]
    private partial void LogEmailing(string host, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A round of the notification mailer failed; the outbox is kept for the next one")]
    private partial void LogRoundFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Emailing notification {NotificationId} to account {AccountId} failed (attempt {Attempts}, given up: {GaveUp})")]
    private partial void LogDeliveryFailed(Exception exception, Guid notificationId, string accountId, int attempts, bool gaveUp);
}

/// <summary>The SMTP server cannot be reached or refuses the session (as opposed to refusing one message).</summary>
public sealed class SmtpUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>One SMTP session per round, opened at the first message.</summary>
internal sealed class SmtpConnection(SmtpSettings settings) : IAsyncDisposable
{
    private readonly MailKit.Net.Smtp.SmtpClient _client = new() { Timeout = 30_000 };

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            try
            {
                await _client.ConnectAsync(settings.Host!, settings.Port, settings.Security, cancellationToken);
                if (settings.UserName is { Length: > 0 } user)
                {
                    await _client.AuthenticateAsync(user, settings.Password ?? "", cancellationToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new SmtpUnavailableException($"The SMTP server {settings.Host}:{settings.Port} cannot be used: {e.Message}", e);
            }
        }

        await _client.SendAsync(message, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync(quit: true, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or MailKit.ProtocolException or MailKit.Net.Smtp.SmtpCommandException)
            {
                // The messages were accepted already; a failed goodbye changes nothing.
            }
        }

        _client.Dispose();
    }
}
