using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Collaborations.Contracts;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.People.Contracts;
using Marten;
using Microsoft.Extensions.Options;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>The single writer of one collaboration request's stream.</summary>
[Alias("alfa.collaboration-grain")]
public interface ICollaborationGrain : IStreamGrain<RequestCommand, CollaborationRequest>;

/// <remarks>
/// While a step has a time limit running, the grain keeps a durable Orleans reminder: each tick asks the decider
/// which steps are past due on the platform's clock, and the answer is appended like any change (so it is in the
/// history, the pipeline and the notifications). Once nothing is running the reminder is dropped.
/// </remarks>
public sealed partial class CollaborationGrain(
    EventStore eventStore, PlatformClock clock, IOptions<CollaborationOptions> options, ILogger<CollaborationGrain> logger)
    : EventSourcedGrain<CollaborationRequest, RequestCommand>(eventStore, clock), ICollaborationGrain, IRemindable
{
    private const string TimeLimitsReminder = "time-limits";
    private IGrainReminder? _reminder;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        _reminder = await this.GetReminder(TimeLimitsReminder, cancellationToken);
        await KeepReminderInStepAsync();
    }

    protected override Decision Decide(CollaborationRequest? state, RequestCommand command, DateOnly today) =>
        RequestDecider.WithIdentity(RequestDecider.Decide(state, command, today, options.Value.TimeLimits), StreamId);

    protected override Task OnAppendedAsync() => KeepReminderInStepAsync();

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (State?.HasRunningTimeLimits() == true)
        {
            await ExecuteAsync(new CheckTimeLimits(), expectedVersion: null);
        }

        await KeepReminderInStepAsync();
    }

    /// <summary>
    /// Never fails the change that called it: the change is committed, and a reminder that could not be written now is
    /// written at the grain's next activation (which checks it; <see cref="TimeLimitSweep"/> activates every request
    /// with a waiting step when a silo starts), so a limit is never forgotten for good.
    /// </summary>
    private async Task KeepReminderInStepAsync()
    {
        var running = State?.HasRunningTimeLimits() == true;
        try
        {
            if (running && _reminder is null)
            {
                var period = options.Value.TimeLimitCheckPeriod;
                _reminder = await this.RegisterOrUpdateReminder(TimeLimitsReminder, period, period);
            }
            else if (!running && _reminder is not null)
            {
                await this.UnregisterReminder(_reminder);
                _reminder = null;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReminderNotKept(logger, e, StreamId);
            DeactivateOnIdle(); // the next call activates afresh and tries again
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The time-limit reminder of request {RequestId} could not be updated; retried at its next activation.")]
    private static partial void LogReminderNotKept(ILogger logger, Exception exception, Guid requestId);
}

/// <summary>The <c>Collaborations</c> settings: time limits in working days, and how often running limits are checked.</summary>
public sealed class CollaborationOptions
{
    public int ScreeningWorkingDays { get; set; } = TimeLimits.Default.ScreeningWorkingDays;

    public int AnswerWorkingDays { get; set; } = TimeLimits.Default.AnswerWorkingDays;

    public TimeSpan TimeLimitCheckPeriod { get; set; } = TimeSpan.FromHours(1);

    public TimeLimits TimeLimits => new(ScreeningWorkingDays, AnswerWorkingDays);
}

/// <summary>A change to a request (its drafting included).</summary>
public abstract record RequestChange : StreamChange<RequestCommand, ICollaborationGrain>
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Guid RequestId { get => StreamId; init => StreamId = value; }
}

public sealed class CollaborationsModule : IFeatureModule
{
    public int Order => 500;

    public void Map(WebApplication app) => app.MapCollaborations().MapCollaborationDocuments();

    public void ConfigureStore(StoreOptions options)
    {
        options.AddStreamRecords(new RequestRecordProjection(), "collaboration_request", keepDays: true);
        options.Schema.For<ConfidentialRead>().Index(x => x.RequestId).Index(x => x.ActorId);

        // Erasure (ADR 0008): a message names its author. Applied only to the erased author's messages.
        options.Events.AddMaskingRuleForProtectedInformation<MessagePosted>(AuthorNames.Masked);
        options.Events.AddMaskingRuleForProtectedInformation<DocumentAttached>(AuthorNames.Masked);

        // The documents' content, when kept in the database (the default), in a table of our own.
        options.Storage.ExtendedSchemaObjects.Add(PostgresDocumentContent.Table(options.DatabaseSchemaName));
    }

    public void AddServices(FeatureServices feature)
    {
        var services = feature.Services;
        services.AddOptions<CollaborationOptions>().Bind(feature.Configuration.GetSection("Collaborations"))
            .Validate(o => o.ScreeningWorkingDays is > 0 and <= 60 && o.AnswerWorkingDays is > 0 and <= 60, "Time limits run from 1 to 60 working days.")
            .Validate(o => o.TimeLimitCheckPeriod >= TimeSpan.FromSeconds(1), "Time limits are checked at most every second.")
            .ValidateOnStart();
        services.AddScoped<RequestAccess>();
        var documents = feature.Configuration.GetSection("Documents").Get<DocumentOptions>() ?? new DocumentOptions();
        if (string.Equals(documents.Storage, DocumentOptions.S3Storage, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(documents.S3.Bucket))
            {
                throw new InvalidOperationException("Documents:Storage is 'S3': name the bucket in Documents:S3:Bucket.");
            }

            services.AddSingleton(S3DocumentContent.Client(documents.S3));
            services.AddSingleton<IDocumentContent>(sp => new S3DocumentContent(sp.GetRequiredService<Amazon.S3.IAmazonS3>(), documents.S3));
        }
        else if (string.Equals(documents.Storage, DocumentOptions.Postgres, StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<IDocumentContent, PostgresDocumentContent>();
        }
        else
        {
            throw new InvalidOperationException(
                $"Documents:Storage '{documents.Storage}' is not known: it is '{DocumentOptions.Postgres}' (the default) or '{DocumentOptions.S3Storage}'.");
        }

        services.AddSingleton<IErasureParticipant, AccessLogErasureParticipant>();
        services.AddScoped<IRecordParties<CollaborationRequest>>(sp => sp.GetRequiredService<RequestAccess>());
        if (feature.HostsGrains)
        {
            // Only where grains live: the start-up check of running time limits.
            services.AddHostedService<TimeLimitSweep>();
        }
    }
}

public sealed partial class RequestRecordProjection : StreamRecordProjection<CollaborationRequest>;
