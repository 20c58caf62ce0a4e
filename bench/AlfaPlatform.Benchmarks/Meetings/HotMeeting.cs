using System.Collections.Concurrent;
using System.Diagnostics;
using AlfaPlatform.Benchmarks.Commands;
using AlfaPlatform.Benchmarks.Running;
using AlfaPlatform.Benchmarks.Search;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Meetings;
using RegisterOrganisation = AlfaPlatform.Server.Organisations.Register;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Benchmarks.Meetings;

/// <summary>
/// P3, the hot aggregate: 500 people register at once for one meeting, every command on the same stream. Each is a
/// partner company's person registering themselves (self-service: the registrant is their account, no directory
/// lookup), through the mediator in process in a scope whose caller is that person, as the gateway's endpoint sends it.
/// Untimed: staff create a public meeting with a seat for everyone, publish it and open registration; afterwards the
/// meeting must seat exactly every registrant, none waiting.
/// </summary>
internal sealed class HotMeeting : IScenario
{
    /// <summary>The figure: 500 callers (fewer only when --rows is smaller: the warm-up, the smoke test).</summary>
    public const int Registrants = 500;

    /// <summary>The registrants are people of a few partner companies, registered once per benchmark run.</summary>
    private const int Companies = 20;

    private (BenchContext Bench, Guid[] Ids)? _companies;

    public string Id => "P3";

    public string Group => "hot";

    public string Title => $"hot aggregate: {Registrants} registrations at once to one meeting (--rows if fewer), in process (mediator → grain → append)";

    public async Task<Measurement> RunAsync(BenchContext bench, int size, CancellationToken cancellationToken)
    {
        var registrants = Math.Min(size, Registrants);
        var companies = await CompaniesAsync(bench, cancellationToken);
        var meeting = await OpenMeetingAsync(bench, registrants, cancellationToken);
        var scopes = Enumerable.Range(0, registrants).Select(i => PartnerPersonScope(bench, companies[i % companies.Length], i)).ToList();
        try
        {
            await SearchNetwork.CaughtUpAsync(bench); // what earlier figures left the async projections is not projected while this one is timed
            // Every caller waits at the gate, so that all registrations arrive together.
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var answers = new ConcurrentBag<TimeSpan>();
            var callers = scopes.Select(scope => Task.Run(async () =>
            {
                var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
                await gate.Task;
                var started = Stopwatch.GetTimestamp();
                var registered = await mediator.Send(new RegisterOperation.Command { MeetingId = meeting }, cancellationToken);
                answers.Add(Stopwatch.GetElapsedTime(started));
                CommandPath.Accepted(registered, "Registering for the meeting");
            }, cancellationToken)).ToList();

            var measurement = await Measurement.TimeAsync(registrants, () =>
            {
                gate.SetResult();
                return Task.WhenAll(callers);
            }, "registrations");

            await EnsureAllSeatedAsync(bench, meeting, registrants, cancellationToken);
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

    /// <summary>A scope whose caller is one of a partner company's people, signed in with their own account.</summary>
    private static IServiceScope PartnerPersonScope(BenchContext bench, Guid company, int person)
    {
        var scope = bench.Platform.Services.CreateScope();
        var caller = scope.ServiceProvider.GetRequiredService<Caller>();
        caller.ActorId = Guid.NewGuid().ToString();
        caller.ActorName = $"Bench partner person {person}";
        caller.Role = Roles.Partner;
        caller.Organisation = company;
        return scope;
    }

    /// <summary>A new public meeting, open for registration, with a seat for every registrant (no waiting list, no approval).</summary>
    private static async Task<Guid> OpenMeetingAsync(BenchContext bench, int registrants, CancellationToken cancellationToken)
    {
        using var staff = CommandPath.StaffScope(bench);
        var mediator = staff.ServiceProvider.GetRequiredService<IMediator>();
        var meeting = Guid.CreateVersion7();
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(60); // local times, as a request sends them
        var created = await mediator.Send(new CreateMeetingOperation.Command(
            $"Benchmark scientific day {meeting:N}", MeetingKind.ScientificMeeting, day.ToDateTime(new TimeOnly(9, 0)), day.ToDateTime(new TimeOnly(18, 0)), "Europe/Paris",
            new Venue("Centre de congrès", "Lyon", "FR"), Capacity: registrants, Visibility: MeetingVisibility.Public, RequiresApproval: false)
        {
            MeetingId = meeting,
        }, cancellationToken);
        CommandPath.Accepted(created, "Creating the meeting");
        CommandPath.Accepted(await mediator.Send(new MeetingStepOperation.Command { MeetingId = meeting, Step = new PublishMeeting() }, cancellationToken), "Publishing the meeting");
        CommandPath.Accepted(await mediator.Send(new MeetingStepOperation.Command { MeetingId = meeting, Step = new OpenRegistration() }, cancellationToken), "Opening registration");
        return meeting;
    }

    /// <summary>A figure for registrations that did not all take a seat would be a lie: read them back, untimed.</summary>
    private static async Task EnsureAllSeatedAsync(BenchContext bench, Guid meeting, int registrants, CancellationToken cancellationToken)
    {
        using var staff = CommandPath.StaffScope(bench);
        var registrations = await staff.ServiceProvider.GetRequiredService<IMediator>().Send(new GetRegistrations.Query(meeting), cancellationToken)
            ?? throw new InvalidOperationException("The meeting registered for is not found.");
        var elsewhere = registrations.WaitingList.Count + registrations.PendingApproval.Count + registrations.Cancelled.Count + registrations.Declined.Count;
        if (registrations.Registered.Count != registrants || elsewhere != 0)
        {
            throw new InvalidOperationException(
                $"After {registrants} registrations the meeting seats {registrations.Registered.Count} registrants ({elsewhere} waiting, pending, cancelled or declined).");
        }
    }

    private async Task<Guid[]> CompaniesAsync(BenchContext bench, CancellationToken cancellationToken)
    {
        if (_companies is { } known && known.Bench == bench)
        {
            return known.Ids;
        }

        using var staff = CommandPath.StaffScope(bench);
        var mediator = staff.ServiceProvider.GetRequiredService<IMediator>();
        var ids = new Guid[Companies];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = Guid.CreateVersion7();
            CommandPath.Accepted(await mediator.Send(
                new RegisterOrganisation.Command($"Bench Diagnostics {i:D2} {ids[i]:N}", $"BD{i:D2}", OrganisationKind.PartnerCompany, "Lyon", "FR", [], null, CompanySize.Sme)
                {
                    OrganisationId = ids[i],
                }, cancellationToken), "Registering a partner company");
        }

        _companies = (bench, ids);
        return ids;
    }
}
