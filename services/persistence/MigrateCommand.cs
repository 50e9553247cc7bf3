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
/// </summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    public static async Task RunAsync(string[] args, string connectionStringName, Func<string, DbContext> createContext)
    {
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
