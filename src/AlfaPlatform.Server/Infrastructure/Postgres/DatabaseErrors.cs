using Npgsql;

namespace AlfaPlatform.Server.Infrastructure.Postgres;

public static class DatabaseErrors
{
    /// <summary>A unique index or key refused the write, however Marten wrapped PostgreSQL's error.</summary>
    public static bool IsUniqueViolation(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is JasperFx.DocumentAlreadyExistsException or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                return true;
            }
        }

        return false;
    }
}
