using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ideation.Persistence;

/// <summary>
/// <c>dotnet Ideation.&lt;Service&gt;.dll migrate [--ConnectionStrings:&lt;Name&gt;=...]</c>: applies pending
/// migrations and exits. Reads configuration like the service (appsettings, environment, arguments)
/// but needs only the connection string.
/// <c>migrate --script</c> prints the idempotent SQL script of every migration instead, for review
/// or for a DBA to apply; it needs no database.
/// </summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    public const string ScriptOption = "--script";

    /// <summary>
    /// Script generation never connects, but the provider wants a connection string to build its
    /// options: one that names no real server.
    /// </summary>
    private const string ScriptConnectionString = "Host=localhost;Database=script";

    public static async Task RunAsync(string[] args, string connectionStringName, Func<string, DbContext> createContext)
    {
        if (args.Contains(ScriptOption))
        {
            // Only the script on standard output, no log lines: `migrate --script > migrations.sql` is the whole file.
            await using var scriptContext = createContext(ScriptConnectionString);
            await Console.Out.WriteAsync(SchemaMigrations.IdempotentScript(scriptContext));
            return;
        }

        var builder = WebApplication.CreateBuilder(args);
        var connectionString = builder.Configuration.GetConnectionString(connectionStringName) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"ConnectionStrings:{connectionStringName} must be configured to migrate.");

        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger($"{builder.Environment.ApplicationName}.Migrate");
        await using var db = createContext(connectionString);
        await SchemaMigrations.MigrateAsync(db, logger);
    }
}
