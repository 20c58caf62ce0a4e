using System.Security.Cryptography;
using AlfaPlatform.Domain.People;
using Npgsql;

namespace AlfaPlatform.Server.Tests.People;

/// <summary>What erasure tests look for, and where: every table of the database.</summary>
internal static class DatabaseSearch
{
    /// <summary>Every table of every schema but PostgreSQL's own, each row read whole as text: "table: value" for each hit.</summary>
    public static async Task<List<string>> TablesHoldingAsync(string connectionString, IReadOnlyList<string> values)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select quote_ident(schemaname) || '.' || quote_ident(tablename) from pg_catalog.pg_tables " +
            "where schemaname not in ('pg_catalog', 'information_schema')", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains(tables, t => t.EndsWith(".mt_events", StringComparison.Ordinal));
        var hits = new List<string>();
        foreach (var table in tables)
        {
            foreach (var value in values)
            {
                await using var search = new NpgsqlCommand($"select count(*) from {table} t where strpos(lower(t::text), lower($1)) > 0", connection)
                {
                    Parameters = { new NpgsqlParameter { Value = value } },
                };
                if ((long)(await search.ExecuteScalarAsync())! > 0)
                {
                    hits.Add($"{table}: {value}");
                }
            }
        }

        return hits;
    }

    public static string Letters(int count) => string.Concat(Enumerable.Range(0, count).Select(_ => (char)('a' + RandomNumberGenerator.GetInt32(26))));

    public static string Digits(int count) => string.Concat(Enumerable.Range(0, count).Select(_ => (char)('0' + RandomNumberGenerator.GetInt32(10))));

    public static string NewPhone() => $"+33 6 {Digits(2)} {Digits(2)} {Digits(2)} {Digits(2)}";

    /// <summary>A random ORCID iD with a valid checksum.</summary>
    public static string NewOrcid()
    {
        var digits = Digits(15);
        var stem = $"{digits[..4]}-{digits[4..8]}-{digits[8..12]}-{digits[12..]}";
        return "0123456789X".Select(check => stem + check).Single(Orcid.IsValid);
    }
}
