namespace AlfaPlatform.Server.Infrastructure.Hosting;

/// <summary>A seed that has run, by its id: seeding happens once per database, whichever process starts first.</summary>
public sealed record SeedRun(string Id, DateTimeOffset At);
