using System.Globalization;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.People;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Teams;

/// <summary>
/// Staff onboard a team from a roster file. Every row is checked before anything changes, and every bad row is
/// reported with its line and reason; a valid file is applied as ordinary commands (register whoever is new, add
/// whoever is not yet a member), so importing the same file again changes nothing.
/// </summary>
public static class ImportRoster
{
    public sealed record Command(Guid TeamId, string Csv) : ICommand<Outcome<Result>>;

    public sealed record Result(int PeopleRegistered, int MembersAdded, int Unchanged);

    private sealed record Row(int Line, string Email, string GivenName, string FamilyName, TeamRole Role, string? RoleLabel, DateOnly JoinedOn);

    public sealed class Handler(IQuerySession session, IMediator mediator, Caller caller, TimeProvider clock) : ICommandHandler<Command, Outcome<Result>>
    {
        public async ValueTask<Outcome<Result>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await session.LoadAsync<StreamRecord<Team>>(command.TeamId, cancellationToken) is not { State: var team })
            {
                return Rejection.NotFound("The team");
            }

            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var rows = Parse(command.Csv, today);
            var emails = rows.Select(r => r.Email).ToArray();
            var known = (await session.Query<StreamRecord<Person>>()
                    .Where(p => p.State.IsActive && p.State.Email.IsOneOf(emails))
                    .ToListAsync(cancellationToken))
                .ToDictionary(p => p.State.Email, p => p.Id);
            Rehearse(rows, team, known, today);

            var (registered, added, unchanged) = (0, 0, 0);
            foreach (var row in rows.OrderBy(r => r.Role == TeamRole.Lead ? 0 : 1))
            {
                if (!known.TryGetValue(row.Email, out var personId))
                {
                    var register = new RegisterPersonOperation.Command(row.GivenName, row.FamilyName, row.Email) { PersonId = caller.NewId($"person/{row.Email}") };
                    if (await mediator.Send(register, cancellationToken) is { Rejection: { } refused })
                    {
                        return refused;
                    }

                    (personId, registered) = (register.PersonId, registered + 1);
                }

                if (team.ActiveMembership(personId) is not null)
                {
                    unchanged++;
                    continue;
                }

                var add = new AddMemberOperation.Command(personId, row.Role, row.JoinedOn, row.RoleLabel) { TeamId = command.TeamId };
                if (await mediator.Send(add, cancellationToken) is { Rejection: { } rejection })
                {
                    return Rejection.Conflict(rejection.Code, $"Line {row.Line}: {rejection.Message}");
                }

                added++;
            }

            return new Result(registered, added, unchanged);
        }

        /// <summary>Every row checked; all problems reported at once, by line, before anything changes.</summary>
        private static List<Row> Parse(string csv, DateOnly today)
        {
            var lines = RosterCsv.Read(csv).ToList();
            var errors = new Dictionary<string, string[]>();
            void Fail(int line, string error) => errors[$"line {line}"] = [.. errors.GetValueOrDefault($"line {line}", []), error];

            if (lines.Count == 0 || !lines[0].Fields.Select(f => f.Trim().ToLowerInvariant()).SequenceEqual(RosterCsv.ImportColumns))
            {
                throw RequestValidationException.For("line 1", $"The first line names the columns: {string.Join(',', RosterCsv.ImportColumns)}.");
            }

            var rows = new List<Row>();
            foreach (var (line, fields) in lines.Skip(1))
            {
                if (fields.Count != RosterCsv.ImportColumns.Length)
                {
                    Fail(line, $"Expected {RosterCsv.ImportColumns.Length} fields, found {fields.Count}.");
                    continue;
                }

                var (email, given, family, role, label, joined) = (PersonDecider.Normalise(fields[0]), fields[1].Trim(), fields[2].Trim(), fields[3].Trim(), fields[4].Trim(), fields[5].Trim());
                var ok = true;
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

                if (!DateOnly.TryParseExact(joined, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var joinedOn))
                {
                    Fail(line, $"'{joined}' is not a date (YYYY-MM-DD).");
                    ok = false;
                }
                else if (joinedOn > today || joinedOn.Year < 1900)
                {
                    Fail(line, $"{joined} is not a plausible joining date.");
                    ok = false;
                }

                if (rows.Any(r => r.Email == email))
                {
                    Fail(line, $"{email} appears twice in the file.");
                    ok = false;
                }

                if (ok)
                {
                    rows.Add(new Row(line, email, given, family, parsedRole, label.Length == 0 ? null : label, joinedOn));
                }
            }

            return errors.Count > 0 ? throw new RequestValidationException(errors) : rows;
        }

        /// <summary>
        /// Every row through the team's own rules, in the order they will be applied, against a copy of the team: a
        /// row the grain would refuse (a member dated before the lead, an archived team, a second lead…) is reported
        /// with its line before anything is written. Someone already an active member must be listed as they are.
        /// </summary>
        private static void Rehearse(List<Row> rows, Team team, Dictionary<string, Guid> known, DateOnly today)
        {
            var errors = new Dictionary<string, string[]>();
            var rehearsal = team;
            foreach (var row in rows.OrderBy(r => r.Role == TeamRole.Lead ? 0 : 1))
            {
                var personId = known.GetValueOrDefault(row.Email, Guid.NewGuid());
                if (rehearsal.ActiveMembership(personId) is { } member)
                {
                    if (member.Role != row.Role || member.JoinedOn != row.JoinedOn || member.RoleLabel != row.RoleLabel)
                    {
                        errors[$"line {row.Line}"] = [$"{row.Email} is already a member, as {member.Role} since {member.JoinedOn:yyyy-MM-dd}: change their role instead."];
                    }

                    continue;
                }

                var decision = TeamDecider.Decide(rehearsal, new AddMember(personId, row.Role, row.RoleLabel, row.JoinedOn), today);
                if (decision.Rejection is { } refused)
                {
                    errors[$"line {row.Line}"] = [refused.Message];
                    continue;
                }

                rehearsal = EventSourced.Fold(decision.Events, rehearsal)!;
            }

            if (errors.Count > 0)
            {
                throw new RequestValidationException(errors);
            }
        }
    }
}
