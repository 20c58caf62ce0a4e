using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.People;
using AlfaPlatform.Server.People.Contracts;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Teams;

/// <summary>
/// Staff onboard a team from a roster file, or bring its past up to date. Every row is checked before anything
/// changes, and every bad row is reported with its line and reason; a valid file is applied by the team's grain in one
/// transaction (register whoever is new, add the memberships the team does not have, record the departures a
/// <c>left_on</c> gives): all of it or none of it. Importing the same file again, or the team's own export, changes
/// nothing. A row is one membership: a person may have several rows (left and came back), told apart by
/// <c>joined_on</c>. Nothing is removed: a member missing from the file stays. Runs as a job: see <see cref="RosterImports"/>.
/// </summary>
public static class ImportRoster
{
    /// <summary>Checks the file against the team as it is now and plans what it changes; writes nothing.</summary>
    public sealed record Check(Guid TeamId, [property: MultiLine] string Csv) : IQuery<Outcome<Plan>>;

    /// <summary>Applies a checked plan, all or nothing.</summary>
    public sealed record Apply(Guid TeamId, RosterImport Import) : ICommand<CommandResult>;

    /// <param name="Rows">The file's rows, its header left out.</param>
    public sealed record Plan(RosterImport Import, int Rows, Result Result)
    {
        public bool ChangesNothing => Import.Newcomers.Count == 0 && Import.Steps.Count == 0;
    }

    public sealed record Result(int PeopleRegistered, int MembersAdded, int DeparturesRecorded, int Unchanged);

    private sealed record Row(int Line, string Email, string GivenName, string FamilyName, TeamRole Role, string? RoleLabel, DateOnly JoinedOn, DateOnly? LeftOn);

    /// <summary>One change a row asks for, on its date: memberships are added and ended in the order they happened.</summary>
    private sealed record Step(Row Row, bool Leaves)
    {
        public DateOnly On => Leaves ? Row.LeftOn!.Value : Row.JoinedOn;

        /// <summary>On one day: departures first (a lead last), then arrivals (a lead first), as the team's rules need.</summary>
        public int Order => (Leaves, Row.Role == TeamRole.Lead) switch { (true, false) => 0, (true, true) => 1, (false, true) => 2, _ => 3 };
    }

    public sealed class CheckHandler(IQuerySession session, IPeopleDirectory directory, Caller caller, TimeProvider clock) : IQueryHandler<Check, Outcome<Plan>>
    {
        public async ValueTask<Outcome<Plan>> Handle(Check query, CancellationToken cancellationToken)
        {
            if (await session.LoadAsync<StreamRecord<Team>>(query.TeamId, cancellationToken) is not { State: var team })
            {
                return Rejection.NotFound("The team");
            }

            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var rows = Parse(query.Csv, today);

            // Who a row names: for a membership the team has, its member with that email (whatever became of them
            // since); for a new one, the active person with that email, or someone to register.
            var emails = rows.Select(r => r.Email).Distinct().ToArray();
            var members = (await directory.RosterPeopleAsync(team.Members.Select(m => m.PersonId), cancellationToken)).Values
                .Where(p => !p.IsErased)
                .ToLookup(p => p.Email, p => p.Id);
            var active = await directory.ActiveByEmailAsync(emails, cancellationToken);
            var plan = Rehearse(rows, team, members, active, today);

            var people = new Dictionary<string, Guid>(active);
            var newcomers = new List<RosterNewcomer>();
            foreach (var row in plan.Steps.Select(s => s.Row).Where(r => !plan.Existing.ContainsKey(r) && !people.ContainsKey(r.Email)).DistinctBy(r => r.Email))
            {
                var personId = people[row.Email] = caller.NewId($"person/{row.Email}");
                newcomers.Add(new RosterNewcomer(row.Line, personId, new RegisterPerson(row.GivenName, row.FamilyName, row.Email, null, null, null, null)));
            }

            var steps = plan.Steps.Select(step =>
            {
                var personId = plan.Existing.GetValueOrDefault(step.Row, people.GetValueOrDefault(step.Row.Email));
                TeamCommand change = step.Leaves
                    ? new RecordMemberLeft(personId, step.On, "Roster import")
                    : new AddMember(personId, step.Row.Role, step.Row.RoleLabel, step.On);
                return new RosterStep(step.Row.Line, change);
            }).ToList();
            var left = plan.Steps.Count(s => s.Leaves);
            return new Plan(new RosterImport(newcomers, steps), rows.Count, new Result(newcomers.Count, steps.Count - left, left, plan.Unchanged));
        }
        /// <summary>Every row checked; all problems reported at once, by line, before anything changes.</summary>
        private static List<Row> Parse(string csv, DateOnly today)
        {
            var table = CsvText.Read(csv);
            var errors = new Dictionary<string, string[]>();
            void Fail(int line, string error) => errors[$"line {line}"] = [.. errors.GetValueOrDefault($"line {line}", []), error];

            var header = table.Rows.Count == 0 ? [] : table.Rows[0].Fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
            if (!header.SequenceEqual(RosterCsv.ImportColumns) && !header.SequenceEqual(RosterCsv.ExportColumns))
            {
                throw RequestValidationException.For("line 1",
                    $"The first line names the columns: {string.Join(',', RosterCsv.ImportColumns)}, and optionally left_on (',' or ';' between them).");
            }

            bool Date(int line, string text, string what, out DateOnly date)
            {
                if (!RosterCsv.TryParseDate(text, table.Separator, out date))
                {
                    Fail(line, $"'{text}' is not a date (YYYY-MM-DD).");
                    return false;
                }

                if (date > today || date.Year < 1900)
                {
                    Fail(line, $"{text} is not a plausible {what} date.");
                    return false;
                }

                return true;
            }

            var rows = new List<Row>();
            var rowsByEmail = new Dictionary<string, List<Row>>(); // a person's earlier rows, without a scan of the file per row
            foreach (var (line, fields) in table.Rows.Skip(1))
            {
                if (fields.Count != header.Count)
                {
                    Fail(line, $"Expected {header.Count} fields, found {fields.Count}.");
                    continue;
                }

                var (email, given, family, role, label, joined) = (PersonDecider.Normalise(fields[0]), fields[1].Trim(), fields[2].Trim(), fields[3].Trim(), fields[4].Trim(), fields[5].Trim());
                var leaving = fields.Count > 6 ? fields[6].Trim() : "";
                var ok = true;
                if (fields.Any(f => !TextRule.OneLine.Allows(f.Trim())))
                {
                    // A quoted field may span lines in CSV, but every field here is one line of the directory.
                    Fail(line, "A field holds a line break or another control character: every field is one line.");
                    ok = false;
                }

                if (!EmailAddresses.IsPlain(email))
                {
                    Fail(line, $"'{fields[0]}' is not a bare email address (such as ada@example.org).");
                    ok = false;
                }

                if (given.Length == 0 || family.Length == 0 || given.Length > 100 || family.Length > 100)
                {
                    Fail(line, "Given and family names are required (at most 100 characters).");
                    ok = false;
                }

                if (!Enum.TryParse<TeamRole>(role, ignoreCase: true, out var parsedRole) || !Enum.IsDefined(parsedRole) || role.Any(c => c is ',' || char.IsDigit(c)))
                {
                    Fail(line, $"'{role}' is not a role: one of {string.Join(", ", Enum.GetNames<TeamRole>())}.");
                    ok = false;
                }
                else if (parsedRole == TeamRole.Other && label.Length is 0 or > 100)
                {
                    Fail(line, "The role 'Other' needs a role_label of at most 100 characters.");
                    ok = false;
                }

                ok &= Date(line, joined, "joining", out var joinedOn);
                DateOnly? leftOn = null;
                if (leaving.Length > 0)
                {
                    ok &= Date(line, leaving, "leaving", out var parsedLeftOn);
                    leftOn = parsedLeftOn;
                    if (ok && parsedLeftOn <= joinedOn)
                    {
                        Fail(line, "A member leaves after the day they joined.");
                        ok = false;
                    }
                }

                if (ok && rowsByEmail.GetValueOrDefault(email)?.Any(r => r.JoinedOn == joinedOn || (r.LeftOn is null && leftOn is null)) == true)
                {
                    Fail(line, $"{email} appears twice in the file{(leftOn is null ? " as a current member" : $", joining on {joined}")}.");
                    ok = false;
                }

                if (ok)
                {
                    var row = new Row(line, email, given, family, parsedRole, parsedRole == TeamRole.Other ? label : null, joinedOn, leftOn);
                    rows.Add(row);
                    (rowsByEmail.TryGetValue(email, out var earlier) ? earlier : rowsByEmail[email] = []).Add(row);
                }
            }

            return errors.Count > 0 ? throw new RequestValidationException(errors) : rows;
        }

        private sealed record Rehearsal(List<Step> Steps, Dictionary<Row, Guid> Existing, int Unchanged);

        /// <summary>
        /// What each row asks of the team, then every change through the team's own rules, in the order they
        /// happened, against a copy of the team: a row the grain would refuse (a member dated before the lead, an
        /// archived team, a second lead…) is reported with its line before anything is written. A row naming a
        /// membership the team has (same person, same joining date) must state it as it is, or end it.
        /// </summary>
        private static Rehearsal Rehearse(List<Row> rows, Team team, ILookup<string, Guid> members, IReadOnlyDictionary<string, Guid> active, DateOnly today)
        {
            var errors = new Dictionary<string, string[]>();
            var steps = new List<Step>();
            var existing = new Dictionary<Row, Guid>();
            var unchanged = 0;
            var newcomers = new Dictionary<string, Guid>(); // stand-in ids for the people still to register
            var memberships = team.Members.ToLookup(m => m.PersonId);
            foreach (var row in rows)
            {
                var membership = members[row.Email]
                    .SelectMany(id => memberships[id].Where(m => m.JoinedOn == row.JoinedOn))
                    .FirstOrDefault();
                if (membership is null)
                {
                    steps.Add(new Step(row, Leaves: false));
                    if (row.LeftOn is not null)
                    {
                        steps.Add(new Step(row, Leaves: true));
                    }

                    continue;
                }

                existing[row] = membership.PersonId;
                if (membership.Role != row.Role || membership.RoleLabel != row.RoleLabel)
                {
                    errors[$"line {row.Line}"] = [$"{row.Email} is a member as {membership.Role} since {membership.JoinedOn:yyyy-MM-dd}: change their role instead."];
                }
                else if (membership.LeftOn == row.LeftOn)
                {
                    unchanged++;
                }
                else if (membership.LeftOn is { } leftOn)
                {
                    errors[$"line {row.Line}"] = [$"{row.Email} left the team on {leftOn:yyyy-MM-dd}."];
                }
                else
                {
                    steps.Add(new Step(row, Leaves: true));
                }
            }

            var ordered = steps.OrderBy(s => s.On).ThenBy(s => s.Order).ToList();
            var rehearsal = team;
            foreach (var step in ordered.Where(s => !errors.ContainsKey($"line {s.Row.Line}")))
            {
                var personId = existing.TryGetValue(step.Row, out var member) ? member
                    : active.TryGetValue(step.Row.Email, out var known) ? known
                    : newcomers.TryGetValue(step.Row.Email, out var newcomer) ? newcomer
                    : newcomers[step.Row.Email] = Guid.NewGuid();
                TeamCommand change = step.Leaves
                    ? new RecordMemberLeft(personId, step.On, null)
                    : new AddMember(personId, step.Row.Role, step.Row.RoleLabel, step.On);
                var decision = TeamDecider.Decide(rehearsal, change, today);
                if (decision.Rejection is { } refused)
                {
                    errors[$"line {step.Row.Line}"] = [refused.Message];
                    continue;
                }

                rehearsal = EventSourced.Fold(decision.Events, rehearsal)!;
            }

            return errors.Count > 0 ? throw new RequestValidationException(errors) : new Rehearsal(ordered, existing, unchanged);
        }
    }

    public sealed class ApplyHandler(IGrainFactory grains) : ICommandHandler<Apply, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Apply command, CancellationToken cancellationToken) =>
            await grains.GetGrain<ITeamGrain>(command.TeamId).ImportAsync(command.Import, cancellationToken);
    }
}
