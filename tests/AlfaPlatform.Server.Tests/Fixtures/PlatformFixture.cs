using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Claims;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Postgres;
using AlfaPlatform.Server.Infrastructure.Security;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Trace;

namespace AlfaPlatform.Server.Tests.Fixtures;

/// <summary>
/// The real platform (HTTP host on a loopback port, Orleans silo, Marten) over its own database, built by the same
/// <see cref="PlatformApp"/> that Program.cs uses. One per test collection; the database is dropped afterwards.
/// </summary>
public class PlatformFixture : IAsyncLifetime
{
    private readonly bool _seed;

    public PlatformFixture() : this(seed: false)
    {
    }

    protected PlatformFixture(bool seed) => _seed = seed;

    public WebApplication App { get; private set; } = null!;

    public string ConnectionString { get; private set; } = null!;

    public IDocumentStore Store => App.Services.GetRequiredService<IDocumentStore>();

    public IGrainFactory Grains => App.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Every span the platform's own tracer provider exported: what an OTLP collector would receive.</summary>
    public SpanCollection ExportedSpans { get; } = new();

    /// <summary>Every log line the platform wrote.</summary>
    public LogCollection Logs { get; } = new();

    /// <summary>Signed in as the first staff account.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>No token at all.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync();
        App = await StartPlatformAsync(ConnectionString, _seed, exportSpansTo: ExportedSpans, logTo: Logs);
        Client = await CreateClientAsync(App);
        Anonymous = CreateClient(App);
    }

    /// <summary>
    /// A scope whose caller is <paramref name="subject"/> in <paramref name="role"/>, as the gateway sets it from a token:
    /// for messages sent to the mediator in process, as the web app sends them.
    /// </summary>
    public AsyncServiceScope ScopeAs(Guid subject, string role)
    {
        var scope = App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Caller>().ActAs(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(PlatformClaims.Subject, subject.ToString()), new Claim(PlatformClaims.Role, role)], "test", PlatformClaims.Name, PlatformClaims.Role)));
        return scope;
    }

    /// <summary>A client signed in as a new account with <paramref name="roles"/> (a partner names its organisation).</summary>
    public Task<HttpClient> SignInAsAsync(string[] roles, Guid? partnerOrganisationId = null) =>
        Accounts.SignInAsNewAccountAsync(App, Client, roles, partnerOrganisationId);

    public async Task DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(ConnectionString);
    }

    /// <param name="settings">Extra configuration, such as a role or the Orleans ports of a silo to join.</param>
    /// <param name="environment">The host environment when not Production (e.g. to shift the platform's clock).</param>
    /// <param name="configure">Anything else about the node, before the platform adds its own services.</param>
    public static async Task<WebApplication> StartPlatformAsync(
        string connectionString, bool seed, IReadOnlyDictionary<string, string?>? settings = null,
        SpanCollection? exportSpansTo = null, LogCollection? logTo = null, string? environment = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var app = await PlatformApp.CreateAsync([], builder =>
        {
            if (environment is not null)
            {
                builder.Environment.EnvironmentName = environment;
            }

            if (logTo is not null)
            {
                // Information and up, whatever the console shows: OpenIddict logs token requests at that level.
                builder.Logging.AddProvider(logTo);
                builder.Logging.AddFilter<LogCollection>(null, LogLevel.Information);
            }

            if (exportSpansTo is not null)
            {
                builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exportSpansTo));
            }

            builder.WebHost.UseUrls("http://127.0.0.1:0");
            // The web app's static assets (MudBlazor's, Blazor's script) from the build output's manifest, as
            // Development does for `dotnet run`: the tests run as Production.
            builder.WebHost.UseStaticWebAssets();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"ConnectionStrings:{PostgresProvisioning.ConnectionStringName}"] = connectionString,
                ["Platform:Seed"] = seed ? "true" : "false",
                ["Orleans:AdvertisedAddress"] = "127.0.0.1", // one machine: the membership table names loopback
                ["Orleans:SiloPort"] = LocalPostgresCluster.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Orleans:GatewayPort"] = LocalPostgresCluster.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("ALFA_TEST_LOG_LEVEL") ?? "Warning",
                ["Authentication:KeysPath"] = KeysFolder,
                ["Authentication:FirstStaffPassword"] = Accounts.FirstStaffPassword,
                ["Authentication:RequireHttps"] = "false",
                ["RateLimits:SignedIn"] = "100000",
                ["RateLimits:Partner"] = "100000",
                ["RateLimits:Anonymous"] = "100000",
                ["RateLimits:SignIn"] = "100000",
                ["Authentication:External:Issuer"] = TokenMint.External.Issuer,
                ["Authentication:External:SigningKeyPem"] = TokenMint.External.PublicKeyPem,
                ["Authentication:External:RoleClaim"] = "groups",
                ["Authentication:External:NameClaim"] = "preferred_username",
                ["Authentication:External:RoleMap:opale-office"] = "staff",
                ["Authentication:External:RoleMap:opale-board"] = "viewer",
                ["Authentication:External:RoleMap:acme-partner"] = "partner",
                ["Authentication:External:Audience"] = TokenMint.ExternalAudience,
                // An open page checks its account every second, not every 30: the tests see a session end at once.
                ["Web:SessionRevalidationInterval"] = "00:00:01",
            });
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }

            configure?.Invoke(builder);
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>One key folder for the whole run, outside the checkout: every app of the run shares the authority's keys.</summary>
    public static readonly string KeysFolder = ThrowawayClusters.NewFolder();

    /// <summary>
    /// A client signed in as the first staff account. Its password is a one-time one: the first sign-in on a database
    /// changes it to <see cref="Accounts.StaffPassword"/>, as a deployment's first staff member must (three calls of
    /// the sign-in rate limit; two on a database where it was changed already).
    /// </summary>
    public static async Task<HttpClient> CreateClientAsync(WebApplication app)
    {
        var client = CreateClient(app);
        const string admin = AlfaPlatform.Server.Identity.FirstStaffAccount.UserName;
        if (await Accounts.TryTokenAsync(client, admin, Accounts.FirstStaffPassword) is not { } oneTime)
        {
            await Accounts.SignInAsync(client, admin, Accounts.StaffPassword);
            return client;
        }

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", oneTime);
        (await client.SendJsonAsync(HttpMethod.Post, "/api/me/password", new { currentPassword = Accounts.FirstStaffPassword, newPassword = Accounts.StaffPassword }))
            .EnsureSuccessStatusCode();
        await Accounts.SignInAsync(client, admin, Accounts.StaffPassword); // the change ended the one-time password's token
        return client;
    }

    /// <summary>A client without a token.</summary>
    public static HttpClient CreateClient(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>
    /// Moves events of <paramref name="stream"/> to other instants, as if they had been recorded then (a past to look
    /// back to), and stores its record folded again from its events, as a correction of the store would have to: as-of
    /// answers read the record's own instants (when it was created, its latest event). Its grain lets go of the record
    /// it holds, as after an erasure, so that its next change starts from the folded one.
    /// </summary>
    public async Task BackdateAsync<TState>(Guid stream, params (long Version, string At)[] moves)
        where TState : class, IEventSourced<TState>
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            foreach (var (version, at) in moves)
            {
                await using var backdate = new NpgsqlCommand($"update {Store.Options.Events.DatabaseSchemaName}.mt_events set timestamp = $1 where stream_id = $2 and version = $3", connection);
                backdate.Parameters.AddWithValue(DateTimeOffset.Parse(at, CultureInfo.InvariantCulture));
                backdate.Parameters.AddWithValue(stream);
                backdate.Parameters.AddWithValue(version);
                Assert.Equal(1, await backdate.ExecuteNonQueryAsync());
            }
        }

        await using var session = Store.LightweightSession();
        var events = await session.Events.FetchStreamAsync(stream);
        session.Store(StreamRecord<TState>.Fold(stream, events) ?? throw new InvalidOperationException($"{stream} is no stream of {typeof(TState).Name}."));
        await session.SaveChangesAsync();
        await Grains.Of<TState>(stream).ForgetAsync();
    }

    /// <summary>How many events the whole store holds: what a refused request must leave unchanged.</summary>
    public async Task<long> CountEventsAsync()
    {
        await using var session = Store.QuerySession();
        return await session.Events.QueryAllRawEvents().LongCountAsync();
    }
}

/// <summary>The platform with the OPALE network seeded, as the run command starts it on an empty database.</summary>
public sealed class SeededPlatformFixture() : PlatformFixture(seed: true);

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
