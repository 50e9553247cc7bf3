using Ideation.Documents.Persistence;

namespace Ideation.Documents;

/// <summary>
/// <c>dotnet Ideation.Documents.dll migrate [--ConnectionStrings:Documents=...]</c>: applies pending
/// migrations and exits. Reads configuration like the service (appsettings, environment, arguments)
/// but needs only the connection string.
/// </summary>
internal static class MigrateCommand
{
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var connectionString = builder.Configuration.GetConnectionString(DocumentsApplication.ConnectionStringName) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"ConnectionStrings:{DocumentsApplication.ConnectionStringName} must be configured to migrate.");

        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ideation.Documents.Migrate");
        await DocumentsDatabase.MigrateAsync(connectionString, logger);
    }
}
