using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using AlfaPlatform.Benchmarks.Running;
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
        var owned = await CompaniesAsync(bench, cancellationToken);
        var answers = new ConcurrentBag<TimeSpan>();
        var next = -1;
        var scopes = Enumerable.Range(0, Callers).Select(_ => StaffScope(bench)).ToList();
        try
        {
            var measurement = await Measurement.TimeAsync(size, () => Task.WhenAll(scopes.Select((scope, caller) => Task.Run(async () =>
            {
                // Caller c sends to companies c, c + 64, c + 128…: never to another caller's.
                for (var round = 0; ; round++)
                {
                    var index = Interlocked.Increment(ref next);
                    if (index >= size)
                    {
                        return;
                    }

                    var mine = owned.Length / Callers + (caller < owned.Length % Callers ? 1 : 0);
                    var company = owned[caller + round % mine * Callers];
                    company.Size = company.Size == CompanySize.LargeGroup ? CompanySize.Sme : company.Size + 1;
                    var started = Stopwatch.GetTimestamp();
                    await SendAsync(bench, scope.ServiceProvider, company.Id, company.Size, cancellationToken);
                    answers.Add(Stopwatch.GetElapsedTime(started));
                }
            }, cancellationToken))), "commands");
            return measurement with { Latency = Latency.Of(answers) };
        }
        finally
        {
            foreach (var scope in scopes)
            {
                scope.Dispose();
            }
        }
    }

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

    protected override async Task SendAsync(BenchContext bench, IServiceProvider staff, Guid company, CompanySize size, CancellationToken cancellationToken) =>
        Accepted(await staff.GetRequiredService<IMediator>().Send(new ChangeSize.Command(size) { OrganisationId = company }, cancellationToken), "Changing a size");
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
