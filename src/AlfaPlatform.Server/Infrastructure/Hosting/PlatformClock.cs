namespace AlfaPlatform.Server.Infrastructure.Hosting;

/// <summary>
/// What "now" is for the platform's decisions: the day a command happens on, and when time limits run out. It is
/// real time unless <c>Platform:ClockOffset</c> shifts it, which rehearsals and tests use to see next week today
/// (outside Production only). Tokens, timers and Orleans keep the real time, so a shifted clock breaks nothing else.
/// </summary>
public sealed class PlatformClock(TimeProvider system, TimeSpan offset) : TimeProvider
{
    public const string OffsetSetting = "Platform:ClockOffset";

    private long _offsetTicks = offset.Ticks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => system.GetUtcNow() + Offset;

    /// <summary>Moves the clock on while the platform runs: for tests that watch time limits run out.</summary>
    internal void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public DateOnly Today => DateOnly.FromDateTime(GetUtcNow().UtcDateTime);

    public static PlatformClock FromConfiguration(IConfiguration configuration, IHostEnvironment environment)
    {
        var offset = configuration.GetValue<TimeSpan?>(OffsetSetting) ?? TimeSpan.Zero;
        if (offset != TimeSpan.Zero && environment.IsProduction())
        {
            throw new InvalidOperationException($"{OffsetSetting} shifts the platform's clock; it is refused in Production.");
        }

        return new PlatformClock(System, offset);
    }
}
