using Npgsql;

namespace Ideation.Bench.Listing;

/// <summary>
/// A PostgreSQL cluster of the scenario's own, created fresh for each run in its state folder and
/// pinned with the service to the server core. Durability is off (fsync, full-page writes): the data
/// is thrown away, and seeding a million rows should not wait on the disk. auto_explain is loaded so
/// that the plans of the queries the service really sends can be logged on demand (see QueryPlans).
/// </summary>
internal sealed class ThrowawayPostgres : IAsyncDisposable
{
    public const string Database = "listing";

    private readonly string _binaries;
    private readonly string _dataDirectory;

    private ThrowawayPostgres(string binaries, string dataDirectory, int port)
    {
        _binaries = binaries;
        _dataDirectory = dataDirectory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The server log, where auto_explain writes its plans.</summary>
    public string LogPath => Path.Combine(_dataDirectory, "server.log");

    public string ConnectionString(string database = Database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Command Timeout=600";

    public static async Task<ThrowawayPostgres> StartAsync(ListingSettings settings)
    {
        var binaries = Directory.GetDirectories("/usr/lib/postgresql").Select(version => Path.Combine(version, "bin"))
            .OrderBy(path => path, StringComparer.Ordinal).LastOrDefault()
            ?? throw new InvalidOperationException("No PostgreSQL server under /usr/lib/postgresql: install the postgresql package.");
        var data = Path.Combine(settings.StateDirectory, "postgres");
        var postgres = new ThrowawayPostgres(binaries, data, settings.PostgresPort);
        await postgres.StopAsync();
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        Directory.CreateDirectory(data);
        // The postgres user must be able to reach its data folder through every parent.
        await Shell.RunAsync($"d={Shell.Quote(settings.StateDirectory)}; while [ \"$d\" != / ]; do chmod o+x \"$d\"; d=$(dirname \"$d\"); done; " +
                             $"chown postgres:postgres {Shell.Quote(data)} 2>/dev/null || true");
        await Shell.RunAsync(Shell.AsPostgres($"{binaries}/initdb -D '{data}' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null"));
        string[] options =
        [
            $"-p {settings.PostgresPort}", $"-k {data}", "-c listen_addresses=127.0.0.1",
            "-c fsync=off", "-c full_page_writes=off", "-c synchronous_commit=off",
            "-c shared_buffers=1GB", "-c maintenance_work_mem=1GB", "-c max_wal_size=8GB",
            "-c max_parallel_maintenance_workers=0", "-c max_parallel_workers_per_gather=0",
            // log_min_duration stays off the command line: command-line settings beat ALTER SYSTEM, which switches it on and off.
            "-c shared_preload_libraries=auto_explain",
            "-c auto_explain.log_analyze=on", "-c auto_explain.log_buffers=on", "-c auto_explain.log_format=json",
            "-c auto_explain.log_timing=on",
        ];
        // pg_ctl starts under the final taskset: the postmaster and every backend inherit the core.
        await Shell.RunAsync(Shell.AsPostgres(
            $"taskset -c {settings.ServerCpus} {binaries}/pg_ctl -D '{data}' -l '{data}/server.log' -o \"{string.Join(' ', options)}\" -w start >/dev/null"));
        await using (var connection = new NpgsqlConnection(postgres.ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {Database}", connection).ExecuteNonQueryAsync();
        }

        return postgres;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StopAsync()
    {
        if (File.Exists(Path.Combine(_dataDirectory, "postmaster.pid")))
        {
            await Shell.RunAsync(Shell.AsPostgres($"{_binaries}/pg_ctl -D '{_dataDirectory}' -m fast -w stop >/dev/null 2>&1 || true"));
        }
    }
}
