using Ideation.Ideas.Persistence;

namespace Ideation.Ideas;

/// <summary>
/// <c>dotnet Ideation.Ideas.dll migrate [--ConnectionStrings:Ideas=...]</c>: applies pending migrations
/// and exits. Reads configuration like the service (appsettings, environment, arguments) but needs
/// only the connection string.
/// </summary>
internal static class MigrateCommand
{
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var connectionString = builder.Configuration.GetConnectionString(IdeasApplication.ConnectionStringName) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"ConnectionStrings:{IdeasApplication.ConnectionStringName} must be configured to migrate.");

        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ideation.Ideas.Migrate");
        await IdeasDatabase.MigrateAsync(connectionString, logger);
    }
}
