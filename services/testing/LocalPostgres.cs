using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Ideation.Testing;

/// <summary>
/// A PostgreSQL cluster of its own, for tests that kill the database server: the shared server
/// (<see cref="PostgresServer"/>) serves every other test and must never go down under them.
/// Started by the same shell function as the test command's (scripts/lib/postgres.sh), in a scratch
/// folder on a free loopback port, and started again on the same folder and port after a kill.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _dataDirectory;

    private LocalPostgres(string directory, int port)
    {
        _directory = directory;
        _dataDirectory = Path.Combine(directory, "postgres");
        Port = port;
    }

    public int Port { get; }

    /// <summary>The superuser's connection string to the <c>postgres</c> database (local connections are trusted).</summary>
    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

    public static async Task<LocalPostgres> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("ideation-postgres-").FullName;
        // The cluster belongs to the postgres user when the tests run as root: it must reach its folder.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        }

        var server = new LocalPostgres(directory, FreePort.Next());
        await server.StartAgainAsync();
        return server;
    }

    public Task<string> CreateDatabaseAsync(string prefix) => PostgresServer.CreateDatabaseAsync(AdminConnectionString, prefix);

    /// <summary>
    /// Starts the server (again, after <see cref="Kill"/>) on the same port and data folder; after a
    /// kill it runs crash recovery from the write-ahead log first, as after a real crash.
    /// </summary>
    public async Task StartAgainAsync()
    {
        // fsync off as in the test command: a killed process loses nothing the kernel already has,
        // which is the crash these tests make; only a machine crash would need the flushes.
        await RunShellAsync($"PG_FSYNC=off start_postgres '{_dataDirectory}' {Port}");
    }

    /// <summary>
    /// SIGKILL to the postmaster and every backend and helper process of the cluster at once: the
    /// whole server dies mid-transaction, as in a crash or an OOM kill of its container.
    /// </summary>
    public void Kill()
    {
        var pidFile = Path.Combine(_dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return;
        }

        var postmaster = int.Parse(File.ReadLines(pidFile).First().Trim(), CultureInfo.InvariantCulture);
        // The children first known, then all killed together, so none outlives the postmaster holding
        // the shared memory (a restart refuses to start while any old process is attached).
        var cluster = ChildrenOf(postmaster).Prepend(postmaster).ToList();
        foreach (var pid in cluster)
        {
            Signal(pid, "KILL");
        }

        foreach (var pid in cluster)
        {
            WaitForExit(pid);
        }

        // A dead postmaster's lock file would make the restart wait for a pid that is gone (or a zombie).
        File.Delete(pidFile);
        NpgsqlConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunShellAsync($"stop_postgres '{_dataDirectory}'");
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException)
        {
            // A server still writing its last file: the scratch folder is in /tmp anyway.
        }
    }

    private static IEnumerable<int> ChildrenOf(int parent)
    {
        foreach (var stat in Directory.EnumerateDirectories("/proc").Select(directory => Path.Combine(directory, "stat")))
        {
            string text;
            try
            {
                text = File.ReadAllText(stat);
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            // pid (comm) state ppid ...: the command name may hold spaces, so count from its closing parenthesis.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            if (int.TryParse(fields[1], CultureInfo.InvariantCulture, out var ppid) && ppid == parent)
            {
                yield return int.Parse(text[..text.IndexOf(' ')], CultureInfo.InvariantCulture);
            }
        }
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardError = true })!;
        kill.WaitForExit();
    }

    private static void WaitForExit(int pid)
    {
        for (var i = 0; i < 500 && IsRunning(pid); i++)
        {
            Thread.Sleep(20);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task RunShellAsync(string command)
    {
        var scripts = Path.Combine(RepositoryRoot.Path, "scripts", "lib");
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { "-c", $"set -e; source '{scripts}/prerequisites.sh'; source '{scripts}/postgres.sh'; {command}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{command}' failed ({process.ExitCode}): {await error}");
        }
    }
}
