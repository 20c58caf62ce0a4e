using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using AlfaPlatform.Benchmarks.Running;
using AlfaPlatform.Benchmarks.Search;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Organisations;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Benchmarks.Commands;

/// <summary>
/// P1 and P2: the command path under 64 callers over 2,000 partner companies, one event per command (a company's size
/// category changed to the next one). Each caller owns its own companies, so no two commands race for one stream: the
/// figure is the path's rate, not conflicts'. The companies are registered once, untimed, and kept for later runs.
/// </summary>
internal abstract class CommandPath : IScenario
{
    public const int Callers = 64;
    public const int Aggregates = 2_000;

    private static readonly SemaphoreSlim Registering = new(1, 1);
    private static Company[]? companies;

    public abstract string Id { get; }

    public string Group => "commands";

    public abstract string Title { get; }

    /// <summary>Sends one change of size to <paramref name="company"/> as staff, throwing unless it was accepted.</summary>
    protected abstract Task SendAsync(BenchContext bench, IServiceProvider staff, Guid company, CompanySize size, CancellationToken cancellationToken);

    public async Task<Measurement> RunAsync(BenchContext bench, int size, CancellationToken cancellationToken)
    {
        using var load = await WriteLoad.PrepareAsync(bench, cancellationToken);
        await SearchNetwork.CaughtUpAsync(bench); // what earlier figures left the async projections is not projected while this one is timed
        var answers = new ConcurrentBag<TimeSpan>();
        var next = -1;
        var measurement = await Measurement.TimeAsync(size, () => load.RunAsync(
            () => Interlocked.Increment(ref next) < size,
            (staff, company, companySize, ct) => SendAsync(bench, staff, company, companySize, ct),
            answers.Add,
            cancellationToken), "commands");
        return measurement with { Latency = Latency.Of(answers) };
    }

    /// <summary>One change of size through the mediator in process, as the gateway's endpoint sends it.</summary>
    internal static async Task ChangeSizeInProcessAsync(IServiceProvider staff, Guid company, CompanySize size, CancellationToken cancellationToken) =>
        Accepted(await staff.GetRequiredService<IMediator>().Send(new ChangeSize.Command(size) { OrganisationId = company }, cancellationToken), "Changing a size");

    /// <summary>A scope whose caller is the network's staff, as a signed-in request's would be.</summary>
    internal static IServiceScope StaffScope(BenchContext bench)
    {
        var scope = bench.Platform.Services.CreateScope();
        var caller = scope.ServiceProvider.GetRequiredService<Caller>();
        caller.ActorId = "bench-staff";
        caller.ActorName = "Benchmark staff";
        caller.Role = Roles.Staff;
        return scope;
    }

    internal static async Task<Company[]> CompaniesAsync(BenchContext bench, CancellationToken cancellationToken)
    {
        await Registering.WaitAsync(cancellationToken);
        try
        {
            if (companies is null)
            {
                using var scope = StaffScope(bench);
                var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
                var made = new Company[Aggregates];
                await Parallel.ForAsync(0, Aggregates, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
                {
                    using var own = StaffScope(bench);
                    var id = Guid.CreateVersion7();
                    var registered = await own.ServiceProvider.GetRequiredService<IMediator>().Send(
                        new Register.Command($"Bench Therapeutics {i:D4} {id:N}", $"BT{i:D4}", OrganisationKind.PartnerCompany, "Lyon", "FR", [], null, CompanySize.Sme)
                        {
                            OrganisationId = id,
                        }, ct);
                    Accepted(registered, "Registering a company");
                    made[i] = new Company(id) { Size = CompanySize.Sme };
                });
                companies = made;
            }

            return companies;
        }
        finally
        {
            Registering.Release();
        }
    }

    internal static void Accepted(CommandResult result, string what)
    {
        if (result.Rejection is { } rejection)
        {
            throw new InvalidOperationException($"{what} was refused: {rejection.Code} {rejection.Message}");
        }
    }

    /// <summary>
    /// The write load of P1 and P2, and under P4's reads: <see cref="Callers"/> callers as staff, each with its own
    /// scope, changing the size of its own companies in turn. Preparing it (the companies, registered once, and the
    /// scopes) is not timed; running it is.
    /// </summary>
    internal sealed class WriteLoad : IDisposable
    {
        private readonly Company[] _companies;
        private readonly List<IServiceScope> _scopes;

        private WriteLoad(Company[] companies, List<IServiceScope> scopes) => (_companies, _scopes) = (companies, scopes);

        /// <summary>The partner companies whose size changes.</summary>
        public IReadOnlyList<Guid> Companies => [.. _companies.Select(company => company.Id)];

        public static async Task<WriteLoad> PrepareAsync(BenchContext bench, CancellationToken cancellationToken) =>
            new(await CompaniesAsync(bench, cancellationToken), [.. Enumerable.Range(0, Callers).Select(_ => StaffScope(bench))]);

        /// <summary>
        /// Every caller sends one change with <paramref name="send"/> each time <paramref name="another"/> grants one,
        /// until it refuses; the time of each accepted change goes to <paramref name="answered"/>.
        /// </summary>
        public Task RunAsync(
            Func<bool> another, Func<IServiceProvider, Guid, CompanySize, CancellationToken, Task> send, Action<TimeSpan> answered, CancellationToken cancellationToken) =>
            Task.WhenAll(_scopes.Select((scope, caller) => Task.Run(async () =>
            {
                // Caller c sends to companies c, c + 64, c + 128…: never to another caller's.
                var mine = _companies.Length / Callers + (caller < _companies.Length % Callers ? 1 : 0);
                for (var round = 0; another(); round++)
                {
                    var company = _companies[caller + round % mine * Callers];
                    company.Size = company.Size == CompanySize.LargeGroup ? CompanySize.Sme : company.Size + 1;
                    var started = Stopwatch.GetTimestamp();
                    await send(scope.ServiceProvider, company.Id, company.Size, cancellationToken);
                    answered(Stopwatch.GetElapsedTime(started));
                }
            }, cancellationToken)));

        public void Dispose()
        {
            foreach (var scope in _scopes)
            {
                scope.Dispose();
            }
        }
    }

    internal sealed class Company(Guid id)
    {
        public Guid Id { get; } = id;

        public CompanySize Size { get; set; }
    }
}

/// <summary>P1: mediator → grain → append, in process, as the gateway's endpoints call it.</summary>
internal sealed class CommandPathInProcess : CommandPath
{
    public override string Id => "P1";

    public override string Title => $"command path in process (mediator → grain → append), {Callers} callers over {Aggregates:N0} aggregates";

    protected override Task SendAsync(BenchContext bench, IServiceProvider staff, Guid company, CompanySize size, CancellationToken cancellationToken) =>
        ChangeSizeInProcessAsync(staff, company, size, cancellationToken);
}

/// <summary>P2: the same command over HTTP (PUT /api/organisations/{id}/size) with a pooled client.</summary>
internal sealed class CommandPathOverHttp : CommandPath
{
    public override string Id => "P2";

    public override string Title => $"command path over HTTP (PUT /api/organisations/{{id}}/size), {Callers} callers over {Aggregates:N0} aggregates";

    protected override async Task SendAsync(BenchContext bench, IServiceProvider staff, Guid company, CompanySize size, CancellationToken cancellationToken)
    {
        using var response = await bench.Staff.PutAsJsonAsync($"/api/organisations/{company}/size", new { size = size.ToString() }, cancellationToken);
        await PlatformUnderTest.EnsureSuccessAsync(response, "Changing a size", cancellationToken);
    }
}
