using Ideation.Backup.Commands;

namespace Ideation.Backup;

/// <summary>
/// The command, its own options (<c>--name</c>, <c>--dump</c>, <c>--bucket</c>), and the rest, which
/// is configuration (<c>--Backup:Keep=24</c>) as in every process of the platform.
/// </summary>
public sealed record BackupCommandLine(string Command, string? Name, string? Dump, string? Bucket, string[] ConfigurationArguments)
{
    public const string Usage =
        """
        Usage: Ideation.Backup <command> [options] [--Section:Key=value ...]
          backup-database                                 pg_dump every database of Backup:Databases to the backup bucket, then keep the newest Backup:Keep
          sync-objects                                    copy every bucket of Backup:Objects:SourceBuckets into the backup bucket
          restore-database --name <name> [--dump <key>|latest]
                                                          restore a dump into the (empty or missing) database of Backup:Databases:<name>
          restore-objects [--bucket <source bucket>]      copy the backed-up objects back into their buckets
        Settings come from appsettings.json, environment variables (Backup__Bucket) and --Backup:Bucket=... arguments.
        """;

    private static readonly Dictionary<string, string[]> OptionsOf = new()
    {
        [BackupDatabaseCommand.Name] = [],
        [ObjectCopyCommands.SyncName] = [],
        [RestoreDatabaseCommand.Name] = ["--name", "--dump"],
        [ObjectCopyCommands.RestoreName] = ["--bucket"],
    };

    /// <summary>Parses the arguments, or says what is wrong with them.</summary>
    public static BackupCommandLine? Parse(string[] args, out string? error)
    {
        error = null;
        if (args.Length == 0 || !OptionsOf.TryGetValue(args[0], out var allowed))
        {
            error = args.Length == 0 ? "No command given." : $"Unknown command '{args[0]}'.";
            return null;
        }

        var values = new Dictionary<string, string>();
        var configuration = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            var (option, inlineValue) = args[i].Split('=', 2) is [var name, var value] ? (name, value) : (args[i], null);
            if (!allowed.Contains(option))
            {
                if (option is "--name" or "--dump" or "--bucket")
                {
                    error = $"{args[0]} takes no {option} option.";
                    return null;
                }

                configuration.Add(args[i]);
                continue;
            }

            var optionValue = inlineValue ?? (i + 1 < args.Length ? args[++i] : null);
            if (string.IsNullOrEmpty(optionValue))
            {
                error = $"{option} needs a value.";
                return null;
            }

            values[option] = optionValue;
        }

        if (args[0] == RestoreDatabaseCommand.Name && !values.ContainsKey("--name"))
        {
            error = $"{RestoreDatabaseCommand.Name} needs --name <database name of Backup:Databases>.";
            return null;
        }

        return new BackupCommandLine(
            args[0],
            values.GetValueOrDefault("--name"),
            values.GetValueOrDefault("--dump", RestoreDatabaseCommand.Latest),
            values.GetValueOrDefault("--bucket"),
            [.. configuration]);
    }
}
