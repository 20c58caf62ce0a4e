using Npgsql;

namespace AlfaPlatform.Server.Infrastructure.Clustering;

/// <summary>
/// The tables and named queries of Orleans' ADO.NET clustering, in a schema of their own. The provider ships no SQL:
/// it reads its queries by key from <c>OrleansQuery</c> and runs them with its own parameters (bound by name, without
/// the <c>@</c>). This is the project's own migration, written from that contract (ADR 0014): every statement is plain
/// SQL, so each is atomic on its own, and a node of a newer build rewrites the queries it finds.
/// </summary>
public static class MembershipSchema
{
    /// <summary>Where the tables live; Orleans names them unqualified, so its connections search this schema.</summary>
    public const string Schema = "orleans";

    /// <summary>The connection string Orleans' clustering uses: the platform's, searching the membership schema.</summary>
    public static string ConnectionStringFor(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = Schema }.ConnectionString;

    /// <summary>
    /// Creates what is missing and rewrites every query, under a lock: nodes starting together apply it one at a time,
    /// and a node already running keeps the queries it read at start (Orleans reads them once).
    /// </summary>
    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor(connectionString));
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"select pg_advisory_xact_lock(hashtext('{Schema}.membership-schema'))"));
            foreach (var statement in Tables)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(statement));
            }

            foreach (var (key, text) in Queries)
            {
                var upsert = new NpgsqlBatchCommand(
                    "insert into orleansquery (querykey, querytext) values ($1, $2) on conflict (querykey) do update set querytext = excluded.querytext");
                upsert.Parameters.Add(new NpgsqlParameter { Value = key });
                upsert.Parameters.Add(new NpgsqlParameter { Value = text });
                batch.BatchCommands.Add(upsert);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    // Column names, types and nullability are what the provider reads: integers as int4 (GetInt32), times as UTC
    // (timestamptz), the proxy port never null (0: not a gateway).
    private static readonly string[] Tables =
    [
        $"create schema if not exists {Schema}",
        $"""
        create table if not exists {Schema}.orleansquery (
            querykey varchar(64) primary key,
            querytext varchar(8000) not null)
        """,
        $"""
        create table if not exists {Schema}.orleansmembershipversiontable (
            deploymentid varchar(150) primary key,
            timestamp timestamptz(3) not null default now(),
            version integer not null default 0)
        """,
        $"""
        create table if not exists {Schema}.orleansmembershiptable (
            deploymentid varchar(150) not null references {Schema}.orleansmembershipversiontable (deploymentid),
            address varchar(45) not null,
            port integer not null,
            generation integer not null,
            siloname varchar(150) not null,
            hostname varchar(150) not null,
            status integer not null,
            proxyport integer not null default 0,
            suspecttimes varchar(8000),
            starttime timestamptz(3) not null,
            iamalivetime timestamptz(3) not null,
            primary key (deploymentid, address, port, generation))
        """,
    ];

    /// <summary>The row of the silo the query names (by its address, port and generation), in table <paramref name="alias"/>.</summary>
    private static string TheSilo(string alias) =>
        $"{alias}.deploymentid = @DeploymentId and {alias}.address = @Address and {alias}.port = @Port and {alias}.generation = @Generation";

    // What a read returns: the cluster's version row, joined to its members (none: one row whose member columns are null).
    private const string MemberColumns =
        "v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime, v.version";

    // The version row is the whole table's optimistic token: a write bumps it only from the version the node read, and
    // only when its member row is as it expects (absent for an insert, present for an update), in the same statement.
    private static readonly (string Key, string Text)[] Queries =
    [
        ("InsertMembershipVersionKey", """
            with inserted as (
                insert into orleansmembershipversiontable (deploymentid) values (@DeploymentId) on conflict do nothing returning 1)
            select count(*)::int from inserted
            """),
        ("InsertMembershipKey", $"""
            with bumped as (
                update orleansmembershipversiontable set version = version + 1, timestamp = now()
                where deploymentid = @DeploymentId and version = @Version
                  and not exists (select 1 from orleansmembershiptable m where {TheSilo("m")})
                returning deploymentid),
            inserted as (
                insert into orleansmembershiptable (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
                select deploymentid, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime from bumped
                returning 1)
            select count(*)::int from inserted
            """),
        ("UpdateMembershipKey", $"""
            with bumped as (
                update orleansmembershipversiontable set version = version + 1, timestamp = now()
                where deploymentid = @DeploymentId and version = @Version
                  and exists (select 1 from orleansmembershiptable m where {TheSilo("m")})
                returning deploymentid),
            updated as (
                update orleansmembershiptable m set status = @Status, suspecttimes = @SuspectTimes, iamalivetime = @IAmAliveTime
                from bumped where {TheSilo("m")}
                returning 1)
            select count(*)::int from updated
            """),
        ("UpdateIAmAlivetimeKey", $"""
            update orleansmembershiptable m set iamalivetime = @IAmAliveTime where {TheSilo("m")}
            """),
        ("MembershipReadRowKey", $"""
            select {MemberColumns}
            from orleansmembershipversiontable v
            left join orleansmembershiptable m on {TheSilo("m")}
            where v.deploymentid = @DeploymentId
            """),
        ("MembershipReadAllKey", $"""
            select {MemberColumns}
            from orleansmembershipversiontable v
            left join orleansmembershiptable m on m.deploymentid = v.deploymentid
            where v.deploymentid = @DeploymentId
            """),
        ("GatewaysQueryKey", """
            select address, proxyport, generation from orleansmembershiptable
            where deploymentid = @DeploymentId and status = @Status and proxyport > 0
            """),
        ("DeleteMembershipTableEntriesKey", """
            delete from orleansmembershiptable where deploymentid = @DeploymentId;
            delete from orleansmembershipversiontable where deploymentid = @DeploymentId
            """),
        // Only silos declared dead (6) and silent since the cut-off: a joining or stopping one is never removed.
        ("CleanupDefunctSiloEntriesKey", """
            delete from orleansmembershiptable
            where deploymentid = @DeploymentId and status = 6 and iamalivetime < @IAmAliveTime and starttime < @IAmAliveTime
            """),
    ];

    /// <summary>The keys written, for the test that checks them against what the provider requires.</summary>
    public static IEnumerable<string> QueryKeys => Queries.Select(q => q.Key);
}
