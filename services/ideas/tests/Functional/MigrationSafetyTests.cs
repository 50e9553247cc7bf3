using Ideation.Ideas.Persistence;
using Ideation.Testing;

namespace Ideation.Ideas.Tests.Functional;

/// <summary>The zero-downtime rules the migrations rely on: see MigrationSafety and the README's Operations section.</summary>
public sealed class MigrationSafetyTests
{
    [Fact]
    public Task Applying_every_migration_twice_changes_nothing_the_second_time() =>
        MigrationSafety.AssertMigratingTwiceChangesNothingAsync("ideas_twice", Context);

    [Fact]
    public Task The_idempotent_script_builds_the_migrated_schema_and_can_be_applied_again() =>
        MigrationSafety.AssertIdempotentScriptBuildsTheSchemaTwiceAsync("ideas_script", "Ideation.Ideas.dll", Context);

    private static IdeasDbContext Context(string connectionString) => new(IdeasDbContext.CreateOptions(connectionString));
}
