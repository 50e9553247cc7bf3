using Ideation.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace Ideation.Testing;

/// <summary>
/// What every service's migrations must allow, checked the same way for each: a release's migrate
/// Job may run again (a retried Job, a rollback followed by a new upgrade) and must then change
/// nothing; and the idempotent script that <c>migrate --script</c> prints must build the same schema
/// as the migrate command, and survive being applied twice.
/// </summary>
public static class MigrationSafety
{
    /// <summary>EF Core's own Migrate, twice on one database: the second run adds no history row and changes no part of the schema.</summary>
    public static async Task AssertMigratingTwiceChangesNothingAsync(string databasePrefix, Func<string, DbContext> createContext)
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync(databasePrefix);
        try
        {
            await using var db = createContext(connectionString);
            await db.Database.MigrateAsync();
            var schema = await SchemaFingerprint.ReadAsync(connectionString);
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());

            await db.Database.MigrateAsync();

            Assert.Equal(schema, await SchemaFingerprint.ReadAsync(connectionString));
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(connectionString);
        }
    }

    /// <summary>
    /// Runs <c>dotnet &lt;service&gt;.dll migrate --script</c>, applies its output with psql to an empty
    /// database twice, and compares the schema with one the migrate command built.
    /// </summary>
    public static async Task AssertIdempotentScriptBuildsTheSchemaTwiceAsync(string databasePrefix, string serviceAssembly, Func<string, DbContext> createContext)
    {
        var generated = await DotnetProgram.RunAsync(Path.Combine(AppContext.BaseDirectory, serviceAssembly), [MigrateCommand.Name, MigrateCommand.ScriptOption]);
        Assert.True(generated.ExitCode == 0, generated.ToString());
        Assert.Contains("CREATE TABLE IF NOT EXISTS \"__EFMigrationsHistory\"", generated.StandardOutput, StringComparison.Ordinal);
        // The script alone: a log line in it would break `migrate --script > file.sql`.
        Assert.DoesNotContain("\"LogLevel\"", generated.StandardOutput, StringComparison.Ordinal);

        var scripted = await PostgresServer.CreateDatabaseAsync(databasePrefix + "_script");
        var migrated = await PostgresServer.CreateDatabaseAsync(databasePrefix + "_migrate");
        var file = Path.Combine(Path.GetTempPath(), $"{databasePrefix}-{Guid.NewGuid():N}.sql");
        try
        {
            await File.WriteAllTextAsync(file, generated.StandardOutput);
            await using (var db = createContext(migrated))
            {
                await SchemaMigrations.MigrateAsync(db);
            }

            var first = await Psql.RunFileAsync(scripted, file);
            Assert.True(first.ExitCode == 0, first.Output);
            Assert.Equal(await SchemaFingerprint.ReadAsync(migrated), await SchemaFingerprint.ReadAsync(scripted));

            var second = await Psql.RunFileAsync(scripted, file);
            Assert.True(second.ExitCode == 0, second.Output);
            Assert.Equal(await SchemaFingerprint.ReadAsync(migrated), await SchemaFingerprint.ReadAsync(scripted));
        }
        finally
        {
            File.Delete(file);
            NpgsqlConnection.ClearAllPools();
            await PostgresServer.DropDatabaseAsync(scripted);
            await PostgresServer.DropDatabaseAsync(migrated);
        }
    }
}
