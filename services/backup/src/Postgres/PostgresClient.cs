using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Ideation.Backup.Postgres;

/// <summary>
/// Starts PostgreSQL's client programs (pg_dump, pg_restore) against the server of an Npgsql
/// connection string. The connection goes through libpq's environment variables, the password in
/// PGPASSWORD: nothing secret is ever on a command line, where any process on the host could read it.
/// </summary>
public sealed class PostgresClient(string clientDirectory)
{
    /// <summary>Starts <paramref name="program"/> with the connection settings of <paramref name="connectionString"/>.</summary>
    public ClientProcess Start(string program, string connectionString, IEnumerable<string> arguments, bool writesToStandardInput)
    {
        var start = new ProcessStartInfo(clientDirectory.Length == 0 ? program : Path.Combine(clientDirectory, program))
        {
            RedirectStandardOutput = !writesToStandardInput,
            RedirectStandardInput = writesToStandardInput,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in ConnectionEnvironment(connectionString))
        {
            start.Environment[name] = value;
        }

        try
        {
            return new ClientProcess(program, Process.Start(start)!);
        }
        catch (Win32Exception exception)
        {
            throw new BackupException(
                $"{program} could not be started ({exception.Message}): install the PostgreSQL client programs or set Backup:PostgresClientDirectory to their folder.");
        }
    }

    /// <summary>The libpq variables that say what the connection string says.</summary>
    public static IReadOnlyDictionary<string, string> ConnectionEnvironment(string connectionString)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var environment = new Dictionary<string, string>
        {
            ["PGAPPNAME"] = "ideation-backup",
            ["PGSSLMODE"] = SslMode(connection.SslMode),
            ["PGCONNECT_TIMEOUT"] = connection.Timeout.ToString(CultureInfo.InvariantCulture),
        };
        void Set(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                environment[name] = value;
            }
        }

        Set("PGHOST", connection.Host);
        Set("PGPORT", connection.Port.ToString(CultureInfo.InvariantCulture));
        Set("PGUSER", connection.Username);
        Set("PGDATABASE", connection.Database);
        Set("PGPASSWORD", connection.Password);
        Set("PGPASSFILE", connection.Passfile);
        Set("PGSSLROOTCERT", connection.RootCertificate);
        Set("PGSSLCERT", connection.SslCertificate);
        Set("PGSSLKEY", connection.SslKey);
        return environment;
    }

    private static string SslMode(SslMode mode) => mode switch
    {
        Npgsql.SslMode.Disable => "disable",
        Npgsql.SslMode.Allow => "allow",
        Npgsql.SslMode.Require => "require",
        Npgsql.SslMode.VerifyCA => "verify-ca",
        Npgsql.SslMode.VerifyFull => "verify-full",
        _ => "prefer",
    };
}
