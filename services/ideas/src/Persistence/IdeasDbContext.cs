using Ideation.Ideas.Domain;
using Ideation.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace Ideation.Ideas.Persistence;

/// <summary>The ideas database: ideas and their history. Schema changes go through migrations only.</summary>
public sealed class IdeasDbContext(DbContextOptions<IdeasDbContext> options) : DbContext(options)
{
    /// <summary>Shadow property of the generated tsvector column: queries use it, entities never carry it.</summary>
    public const string SearchVector = "SearchVector";

    /// <summary>The text search configuration of the search column and of every query against it.</summary>
    public const string TextSearchConfiguration = "english";

    /// <summary>Named so that a racing duplicate create can be told apart from any other unique violation.</summary>
    public const string RequestIdIndex = "ux_ideas_author_request_id";

    public DbSet<IdeaRecord> Ideas => Set<IdeaRecord>();

    public DbSet<IdeaEventRecord> IdeaEvents => Set<IdeaEventRecord>();

    public DbSet<IdeaOutboxRecord> IdeaOutbox => Set<IdeaOutboxRecord>();

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(PostgresConnections.WithServiceDefaults(connectionString))
            .UseSnakeCaseNamingConvention()
            .ConfigureWarnings(Warnings);

    /// <summary>The service's own configuration: the pool of its data source (<see cref="PostgresConnections.CreateDataSource"/>).</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options
            .UseNpgsql(dataSource)
            .UseSnakeCaseNamingConvention()
            .ConfigureWarnings(Warnings);

    /// <summary>
    /// Search collects matches in a subquery with OFFSET and no ORDER BY on purpose (Api/BoundedSearch.cs:
    /// the outer query orders them), which EF would otherwise log as a warning on every compilation.
    /// </summary>
    private static void Warnings(WarningsConfigurationBuilder warnings) =>
        warnings.Ignore(CoreEventId.RowLimitingOperationWithoutOrderByWarning);

    public static DbContextOptions<IdeasDbContext> CreateOptions(string connectionString) =>
        ((DbContextOptionsBuilder<IdeasDbContext>)Configure(new DbContextOptionsBuilder<IdeasDbContext>(), connectionString)).Options;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Trigram similarity (similar-idea suggestions) and its GIN operator class.
        modelBuilder.HasPostgresExtension("pg_trgm");

        modelBuilder.Entity<IdeaRecord>(idea =>
        {
            idea.ToTable("ideas", table =>
                table.HasCheckConstraint("ck_ideas_state", EnumColumns.CheckConstraint("state", EnumColumns.State)));
            idea.HasKey(i => i.Id);
            idea.Property(i => i.Id).ValueGeneratedNever();
            idea.Property(i => i.State).HasConversion(EnumColumns.State);
            idea.Property(i => i.Version).IsConcurrencyToken();

            // Title weighs more than description (A vs B), so a title match outranks a description match.
            // The database computes it (a stored generated column); EF neither writes it nor reads it
            // back after saving, which would send a tsvector over the wire with every write.
            var searchVector = idea.Property<NpgsqlTsVector>(SearchVector)
                .HasComputedColumnSql(
                    $"setweight(to_tsvector('{TextSearchConfiguration}', title), 'A') || " +
                    $"setweight(to_tsvector('{TextSearchConfiguration}', description), 'B')",
                    stored: true)
                .ValueGeneratedNever();
            searchVector.Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
            searchVector.Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);

            idea.HasIndex(SearchVector).HasMethod("gin");
            idea.HasIndex(i => i.Title).HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("ix_ideas_title_trgm");
            idea.HasIndex(i => i.Tags).HasMethod("gin");
            idea.HasIndex(i => new { i.Author, i.RequestId })
                .IsUnique()
                .HasFilter("request_id IS NOT NULL")
                .HasDatabaseName(RequestIdIndex);

            // Keyset pagination: one index per order, ending with the id tie-breaker (B-trees scan
            // backwards for the descending orders), and the common filters in front of the default order.
            idea.HasIndex(i => new { i.CreateTime, i.Id });
            idea.HasIndex(i => new { i.UpdateTime, i.Id });
            idea.HasIndex(i => new { i.Author, i.CreateTime, i.Id });
            idea.HasIndex(i => new { i.State, i.CreateTime, i.Id });
            idea.HasIndex(i => new { i.Category, i.CreateTime, i.Id });
        });

        modelBuilder.Entity<IdeaEventRecord>(ideaEvent =>
        {
            ideaEvent.ToTable("idea_events", table =>
                table.HasCheckConstraint("ck_idea_events_kind", EnumColumns.CheckConstraint("kind", EnumColumns.EventKind)));
            ideaEvent.HasKey(e => new { e.IdeaId, e.Sequence });
            ideaEvent.Property(e => e.Kind).HasConversion(EnumColumns.EventKind);
            ideaEvent.Property(e => e.FromState).HasConversion(EnumColumns.State);
            ideaEvent.Property(e => e.ToState).HasConversion(EnumColumns.State);
            ideaEvent.HasOne<IdeaRecord>().WithMany().HasForeignKey(e => e.IdeaId).OnDelete(DeleteBehavior.Cascade);
        });

        // No foreign key: a deletion's row outlives the idea it reports.
        modelBuilder.Entity<IdeaOutboxRecord>(outbox =>
        {
            outbox.ToTable("idea_outbox");
            outbox.HasKey(o => o.Id);
            outbox.Property(o => o.Id).UseIdentityAlwaysColumn();
        });
    }
}
