using System.Data.Common;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace AlfaPlatform.Server.Search;

/// <summary>
/// The search index's place in PostgreSQL: two text search configurations, French and English, each the built-in
/// one with <c>unaccent</c> before the stemmer (so "cytométrie", "cytometrie" and "Cytometry" meet), and one table of
/// entries whose vectors hold both languages' lexemes. Created and kept with Marten's own schema objects.
/// </summary>
public static class SearchIndexSchema
{
    public const string TableName = "search_entries";

    public static string French(string schema) => $"{schema}.alfa_french";

    public static string English(string schema) => $"{schema}.alfa_english";

    public static string Table(string schema) => $"{schema}.{TableName}";

    /// <summary>The SQL of an entry's <c>words</c> from its title (weight A) and body (B), in both languages.</summary>
    public static string Words(string schema, string title, string body) =>
        $"setweight(to_tsvector('{French(schema)}', {title}), 'A') || setweight(to_tsvector('{English(schema)}', {title}), 'A') " +
        $"|| setweight(to_tsvector('{French(schema)}', {body}), 'B') || setweight(to_tsvector('{English(schema)}', {body}), 'B')";

    public static Table EntriesTable(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn("id", "text").AsPrimaryKey();
        table.AddColumn("kind", "text").NotNull();
        table.AddColumn("record_id", "uuid").NotNull();
        table.AddColumn("title", "text").NotNull();
        table.AddColumn("body", "text").NotNull();
        table.AddColumn("audience", "text").NotNull();
        table.AddColumn("organisation_id", "uuid");
        table.AddColumn("targets", "uuid[]");
        table.AddColumn("words", "tsvector").NotNull(); // title (weight A) and body (B), French and English lexemes
        table.AddColumn("topics", "tsvector").NotNull(); // focus areas, capabilities, disease areas: what routing matches
        table.Indexes.Add(new IndexDefinition($"ix_{TableName}_words") { Method = IndexMethod.gin, Columns = ["words"] });
        table.Indexes.Add(new IndexDefinition($"ix_{TableName}_topics") { Method = IndexMethod.gin, Columns = ["topics"] });
        table.Indexes.Add(new IndexDefinition($"ix_{TableName}_record") { Columns = ["record_id"] });
        return table;
    }

    /// <summary>The two configurations (and the <c>unaccent</c> extension they use, trusted since PostgreSQL 13).</summary>
    public sealed class TextSearchConfigurations(string schema) : ISchemaObject
    {
        private static readonly (string Name, string Copy, string Stemmer)[] Languages =
            [("alfa_french", "french", "french_stem"), ("alfa_english", "english", "english_stem")];

        public DbObjectName Identifier { get; } = new PostgresqlObjectName(schema, "alfa_french", SchemaUtils.IdentifierUsage.General);

        public void WriteCreateStatement(Migrator migrator, TextWriter writer)
        {
            // Two fixtures or nodes may start on one database at once: the extension's creation tolerates a twin.
            writer.WriteLine("""
                do $$ begin
                    create extension if not exists unaccent;
                exception when unique_violation or duplicate_object then null;
                end $$;
                """);
            foreach (var (name, copy, stemmer) in Languages)
            {
                // Words with digits or hyphens too ("NPM1-mutées"): every kind of word that can carry an accent.
                writer.WriteLine($$"""
                    do $$ declare dictionary text := (select quote_ident(n.nspname) || '.unaccent' from pg_extension e
                        join pg_namespace n on n.oid = e.extnamespace where e.extname = 'unaccent');
                    begin
                        if not exists (select from pg_ts_config c join pg_namespace n on n.oid = c.cfgnamespace
                                       where n.nspname = '{{schema}}' and c.cfgname = '{{name}}') then
                            create text search configuration {{schema}}.{{name}} (copy = pg_catalog.{{copy}});
                            execute format('alter text search configuration {{schema}}.{{name}} alter mapping for hword, hword_part, word, numword, numhword, hword_numpart with %s, {{stemmer}}', dictionary);
                        end if;
                    end $$;
                    """);
            }
        }

        public void WriteDropStatement(Migrator rules, TextWriter writer)
        {
            foreach (var (name, _, _) in Languages)
            {
                writer.WriteLine($"drop text search configuration if exists {schema}.{name} cascade;");
            }
        }

        public void ConfigureQueryCommand(DbCommandBuilder builder) =>
            builder.Append($"""
                select count(*) from pg_ts_config c join pg_namespace n on n.oid = c.cfgnamespace
                where n.nspname = '{schema}' and c.cfgname in ('alfa_french', 'alfa_english');
                """);

        public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct)
        {
            await reader.ReadAsync(ct);
            var found = await reader.GetFieldValueAsync<long>(0, ct);
            return new SchemaObjectDelta(this, found == Languages.Length ? SchemaPatchDifference.None : SchemaPatchDifference.Create);
        }

        public IEnumerable<DbObjectName> AllNames() =>
            Languages.Select(l => (DbObjectName)new PostgresqlObjectName(schema, l.Name, SchemaUtils.IdentifierUsage.General));
    }
}
