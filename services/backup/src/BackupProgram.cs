using System.Diagnostics;
using System.Runtime.InteropServices;
using Amazon.Runtime;
using Ideation.Backup.Commands;
using Ideation.Backup.Configuration;
using Ideation.ServiceDefaults.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ideation.Backup;

/// <summary>
/// One run of one command. Exit codes: 0 when everything succeeded, 1 when anything failed (the log
/// says what), 2 for a command line or settings that cannot work.
/// </summary>
public static class BackupProgram
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int Misused = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        if (BackupCommandLine.Parse(args, out var usageError) is not { } commandLine)
        {
            await Console.Error.WriteLineAsync(usageError);
            await Console.Error.WriteLineAsync(BackupCommandLine.Usage);
            return Misused;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = commandLine.ConfigurationArguments,
            // appsettings.json sits beside the program, wherever it is started from.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddPlatformLogging();
        // Disposed last: disposing the host flushes the log lines still queued.
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ideation.Backup");

        var options = builder.Configuration.GetSection(BackupOptions.Section).Get<BackupOptions>() ?? new BackupOptions();
        var problems = options.Validate().ToList();
        foreach (var problem in problems)
        {
            BackupLog.InvalidSettings(logger, problem);
        }

        if (problems.Count > 0)
        {
            return Misused;
        }

        using var cancellation = new CancellationTokenSource();
        // Kubernetes stops a Job's pod with SIGTERM: stop cleanly (abort uploads, kill pg_dump) instead of dying mid-write.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            cancellation.Cancel();
        }

        var watch = Stopwatch.StartNew();
        try
        {
            using var run = new BackupRun(options, logger, TimeProvider.System);
            var succeeded = await RunCommandAsync(run, commandLine, cancellation.Token);
            if (succeeded)
            {
                BackupLog.CommandFinished(logger, commandLine.Command, watch.Elapsed.TotalSeconds);
                return Succeeded;
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            BackupLog.CommandCancelled(logger, commandLine.Command);
        }
        catch (Exception exception) when (exception is BackupException or AmazonServiceException or Npgsql.NpgsqlException or InvalidOperationException)
        {
            BackupLog.CommandError(logger, commandLine.Command, exception.Message);
        }

        BackupLog.CommandFailed(logger, commandLine.Command, watch.Elapsed.TotalSeconds);
        return Failed;
    }

    private static Task<bool> RunCommandAsync(BackupRun run, BackupCommandLine commandLine, CancellationToken cancellationToken) => commandLine.Command switch
    {
        BackupDatabaseCommand.Name => new BackupDatabaseCommand(run).RunAsync(cancellationToken),
        RestoreDatabaseCommand.Name => new RestoreDatabaseCommand(run).RunAsync(commandLine.Name!, commandLine.Dump!, cancellationToken),
        ObjectCopyCommands.SyncName => new ObjectCopyCommands(run).SyncAsync(cancellationToken),
        ObjectCopyCommands.RestoreName => new ObjectCopyCommands(run).RestoreAsync(commandLine.Bucket, cancellationToken),
        _ => throw new UnreachableException($"The command line parser accepted '{commandLine.Command}'."),
    };
}
