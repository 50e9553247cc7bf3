using System.Diagnostics;
using Npgsql;

namespace Ideation.Testing;

/// <summary>
/// PostgreSQL's own command-line client, which applies a SQL file the way a DBA would
/// (<c>psql -v ON_ERROR_STOP=1 -f file</c>): the first error stops it with a non-zero exit code.
/// </summary>
public static class Psql
{
    public static async Task<(int ExitCode, string Output)> RunFileAsync(string connectionString, string file)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo("psql")
        {
            ArgumentList = { "--no-psqlrc", "--quiet", "-v", "ON_ERROR_STOP=1", "-f", file },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PGHOST"] = connection.Host;
        start.Environment["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = connection.Username;
        start.Environment["PGDATABASE"] = connection.Database;
        if (connection.Password is { Length: > 0 } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output + await error);
    }
}
