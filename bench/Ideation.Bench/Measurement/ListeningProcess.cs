using System.Globalization;
using Ideation.Bench.Stack;

namespace Ideation.Bench.Measurement;

/// <summary>
/// Finds the process listening on a TCP port, from /proc. `pgrep -f Ideation.Documents.dll` would do
/// on a quiet machine, but test runs start their own copies of the same programs: the port is what
/// tells the local run's process apart.
/// </summary>
public static class ListeningProcess
{
    private const string ListenState = "0A";

    public static int Find(StackProcess process)
    {
        var inodes = ListeningSocketInodes(process.Port);
        if (inodes.Count == 0)
        {
            throw new InvalidOperationException($"Nothing listens on port {process.Port} ({process.Name}): is scripts/start.sh running?");
        }

        // A forked child may inherit the listening socket (PostgreSQL's backends do not keep it, but
        // others might): the owner is the holder whose parent does not hold it too.
        var holders = ProcFs.Pids().Where(pid => HoldsAny(pid, inodes)).ToHashSet();
        var owner = holders.FirstOrDefault(pid => !holders.Contains(ProcFs.ParentOf(pid)));
        if (owner == 0)
        {
            throw new InvalidOperationException($"No process holds the socket listening on port {process.Port}; the bench needs to run as the stack's user.");
        }

        var commandLine = ProcFs.CommandLine(owner);
        if (!commandLine.Contains(process.CommandLineMark, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Port {process.Port} belongs to pid {owner} ({commandLine}), not to {process.CommandLineMark}.");
        }

        return owner;
    }

    private static HashSet<string> ListeningSocketInodes(int port)
    {
        var hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        var inodes = new HashSet<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            // Columns: sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length > 9 && columns[3] == ListenState && columns[1].EndsWith(":" + hexPort, StringComparison.Ordinal))
                {
                    inodes.Add($"socket:[{columns[9]}]");
                }
            }
        }

        return inodes;
    }

    private static bool HoldsAny(int pid, HashSet<string> socketLinks)
    {
        try
        {
            foreach (var descriptor in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                var target = new FileInfo(descriptor).LinkTarget;
                if (target is not null && socketLinks.Contains(target))
                {
                    return true;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The process ended, or is not ours to look into.
        }

        return false;
    }
}
