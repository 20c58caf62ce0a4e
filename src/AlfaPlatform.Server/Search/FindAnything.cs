using System.Text.RegularExpressions;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Search.Contracts;
using FluentValidation;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using NpgsqlTypes;

namespace AlfaPlatform.Server.Search;

/// <summary>
/// Search across organisations, teams, people, meetings, programme sessions and requests, within what the caller may
/// see: staff everything; viewers the network and partner companies' names; members the network and the requests
/// routed to their teams; a partner company's people public meetings, their own company and its requests. Every word
/// typed must be found (as a word or the start of one), in French or English, accents ignored; best matches first,
/// with the matching words marked in the title and a snippet.
/// </summary>
public static partial class FindAnything
{
    public sealed record Query(
        [FromQuery(Name = "q")] string? Text = null,
        [FromQuery(Name = "kind")] string? Kind = null,
        [FromQuery(Name = "page")] int Page = 1,
        [FromQuery(Name = "pageSize")] int PageSize = 20) : IQuery<Page<SearchHit>>;

    /// <summary>One thing found. For a programme session <see cref="RecordId"/> is its meeting.</summary>
    public sealed record SearchHit(string Kind, Guid RecordId, IReadOnlyList<TextPart> Title, IReadOnlyList<TextPart> Snippet, double Rank);

    /// <summary>A run of text, <see cref="Matched"/> when it is a word the search matched (shown highlighted).</summary>
    public sealed record TextPart(string Text, bool Matched);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(x => x.Text).MaximumLength(200);
            RuleFor(x => x.Kind).Must(k => k is null || SearchKinds.All.Contains(k))
                .WithMessage($"'kind' is one of: {string.Join(", ", SearchKinds.All)}.");
            RuleFor(x => x.Page).PageNumber();
            RuleFor(x => x.PageSize).InclusiveBetween(1, 50);
        }
    }

    public sealed class Handler(NpgsqlDataSource database, IDocumentStore store, Caller caller, CallerIdentity identity)
        : IQueryHandler<Query, Page<SearchHit>>
    {
        private const char Start = '\u0001';
        private const char Stop = '\u0002';

        public async ValueTask<Page<SearchHit>> Handle(Query query, CancellationToken cancellationToken)
        {
            var terms = PrefixTerms(query.Text);
            var visible = await VisibleToCallerAsync(cancellationToken);
            if (terms is null || visible is null)
            {
                return new Page<SearchHit>([], query.Page, query.PageSize, 0);
            }

            var schema = store.Options.DatabaseSchemaName;
            var (french, english) = (SearchIndexSchema.French(schema), SearchIndexSchema.English(schema));
            // Every match is ranked and counted, so that work is kept small (a common word matches thousands): one
            // query when both stemmers read the words alike (ranking "aml:* | aml:*" costs twice "aml:*" and orders
            // the same), and only the id and sort keys carried through the count; the page's rows are read again
            // for their kind, record and headlines. The matches are ranked before they are counted ("offset 0" keeps
            // PostgreSQL from merging the two): counted first, each match's whole vector went through the count's
            // store, which spilled to disk (13,390 matches: 40-55 ms, 24 ms ranked first).
            var table = SearchIndexSchema.Table(schema);
            await using var command = database.CreateCommand($"""
                with q as (select case when fr = en then fr else fr || en end as query
                    from (select to_tsquery('{french}', @terms) as fr, to_tsquery('{english}', @terms) as en) stemmed),
                found as (
                    select m.id, m.title, m.rank, count(*) over () as total
                    from (select e.id, e.title, ts_rank(e.words, q.query) as rank
                          from {table} e, q
                          where e.words @@ q.query and (@kind::text is null or e.kind = @kind) and ({visible.Sql})
                          offset 0) m
                    order by m.rank desc, m.title, m.id
                    limit @limit offset @offset)
                select p.kind, p.record_id, f.rank, f.total,
                    ts_headline('{french}', p.title, q.query, @whole), ts_headline('{english}', p.title, q.query, @whole),
                    ts_headline('{french}', p.body, q.query, @snippet), ts_headline('{english}', p.body, q.query, @snippet)
                from found f join {table} p on p.id = f.id, q
                order by f.rank desc, f.title, f.id
                """);
            command.Parameters.AddWithValue("terms", terms);
            command.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text) { Value = (object?)query.Kind ?? DBNull.Value });
            command.Parameters.AddWithValue("limit", query.PageSize);
            command.Parameters.AddWithValue("offset", (query.Page - 1) * query.PageSize);
            command.Parameters.AddWithValue("whole", $"StartSel={Start}, StopSel={Stop}, HighlightAll=true");
            command.Parameters.AddWithValue("snippet", $"StartSel={Start}, StopSel={Stop}, MaxWords=24, MinWords=10, MaxFragments=2, FragmentDelimiter=\" … \"");
            visible.AddParameters(command.Parameters);

            var hits = new List<SearchHit>();
            long total = 0;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                total = reader.GetInt64(3);
                hits.Add(new SearchHit(reader.GetString(0), reader.GetGuid(1),
                    Parts(Marked(reader.GetString(4), reader.GetString(5))), Parts(Marked(reader.GetString(6), reader.GetString(7))),
                    Math.Round(reader.GetFloat(2), 4)));
            }

            return new Page<SearchHit>(hits, query.Page, query.PageSize, total);
        }

        /// <summary>The condition on entries for the caller's role, or null when the caller may find nothing.</summary>
        private async Task<Visibility?> VisibleToCallerAsync(CancellationToken cancellationToken) => caller.Role switch
        {
            Roles.Staff => new Visibility("true"),
            Roles.Viewer => new Visibility($"e.audience in ('{SearchAudience.Everyone}', '{SearchAudience.Network}', '{SearchAudience.PartnerCompany}')"),
            Roles.Member => new Visibility(
                $"e.audience in ('{SearchAudience.Everyone}', '{SearchAudience.Network}') or (e.audience = '{SearchAudience.Request}' and e.targets && @targets)",
                Targets: [.. await identity.MemberTargetsAsync(cancellationToken)]),
            Roles.Partner when caller.Organisation is { } company && company != Guid.Empty => new Visibility(
                $"e.audience = '{SearchAudience.Everyone}' or (e.audience in ('{SearchAudience.Request}', '{SearchAudience.PartnerCompany}') and e.organisation_id = @company)",
                Company: company),
            _ => null,
        };

        /// <summary>The headline in the language whose stemmer marked something (French first), else the French one.</summary>
        private static string Marked(string french, string english) => french.Contains(Start) || !english.Contains(Start) ? french : english;

        private static List<TextPart> Parts(string headline)
        {
            var parts = new List<TextPart>();
            foreach (var (split, index) in headline.Split(Start).Select((p, i) => (p, i)))
            {
                var piece = split;
                var stop = piece.IndexOf(Stop);
                if (index > 0 && stop >= 0)
                {
                    parts.Add(new TextPart(piece[..stop], Matched: true));
                    piece = piece[(stop + 1)..];
                }

                if (piece.Length > 0)
                {
                    parts.Add(new TextPart(piece, Matched: false));
                }
            }

            return parts;
        }
    }

    /// <summary>An SQL condition on the entries (alias <c>e</c>) and the values it names.</summary>
    private sealed record Visibility(string Sql, Guid[]? Targets = null, Guid? Company = null)
    {
        public void AddParameters(NpgsqlParameterCollection parameters)
        {
            if (Targets is not null)
            {
                parameters.AddWithValue("targets", Targets);
            }

            if (Company is { } company)
            {
                parameters.AddWithValue("company", company);
            }
        }
    }

    /// <summary>
    /// The typed words as a text search query in which each must match as a word or the start of one ("cytom" finds
    /// "cytométrie"); null when nothing searchable was typed. Only letters and digits reach the query syntax.
    /// </summary>
    public static string? PrefixTerms(string? text)
    {
        var words = Word().Matches(text ?? string.Empty).Select(m => m.Value).Where(w => w.Length > 1 || char.IsDigit(w[0]))
            .Distinct(StringComparer.OrdinalIgnoreCase).Take(10).ToList();
        return words.Count == 0 ? null : string.Join(" & ", words.Select(w => w + ":*"));
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
