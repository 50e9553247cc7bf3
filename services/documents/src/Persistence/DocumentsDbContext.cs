using Microsoft.EntityFrameworkCore;
using Ideation.Persistence;
using Npgsql;

namespace Ideation.Documents.Persistence;

/// <summary>
/// The documents database: documents, the scan outbox and pending object cleanups. Schema changes
/// go through migrations only.
/// </summary>
public sealed class DocumentsDbContext(DbContextOptions<DocumentsDbContext> options) : DbContext(options)
{
    /// <summary>Named so that a racing duplicate upload can be told apart from any other unique violation.</summary>
    public const string RequestIdIndex = "ux_documents_idea_uploader_request_id";

    /// <summary>The rows whose current scan generation has no verdict yet: the predicate of the partial indexes on them.</summary>
    public const string AwaitingVerdict = "scan_generation > verdict_generation";

    public DbSet<DocumentRecord> Documents => Set<DocumentRecord>();

    public DbSet<ScanOutboxRecord> ScanOutbox => Set<ScanOutboxRecord>();

    public DbSet<ObjectCleanupRecord> ObjectCleanups => Set<ObjectCleanupRecord>();

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(PostgresConnections.WithServiceDefaults(connectionString))
            .UseSnakeCaseNamingConvention();

    /// <summary>The service's own configuration: the pool of its data source (<see cref="PostgresConnections.CreateDataSource"/>).</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options
            .UseNpgsql(dataSource)
            .UseSnakeCaseNamingConvention();

    public static DbContextOptions<DocumentsDbContext> CreateOptions(string connectionString) =>
        ((DbContextOptionsBuilder<DocumentsDbContext>)Configure(new DbContextOptionsBuilder<DocumentsDbContext>(), connectionString)).Options;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DocumentRecord>(document =>
        {
            document.ToTable("documents", table =>
                table.HasCheckConstraint("ck_documents_scan_state", EnumColumns.CheckConstraint("scan_state", EnumColumns.ScanState)));
            document.HasKey(d => d.Id);
            document.Property(d => d.Id).ValueGeneratedNever();
            document.Property(d => d.ScanState).HasConversion(EnumColumns.ScanState);
            document.Ignore(d => d.RescanPending);

            document.HasIndex(d => new { d.IdeaId, d.Uploader, d.RequestId })
                .IsUnique()
                .HasFilter("request_id IS NOT NULL")
                .HasDatabaseName(RequestIdIndex);

            // Keyset pagination of an idea's documents, oldest first, id as the tie-breaker.
            document.HasIndex(d => new { d.IdeaId, d.CreateTime, d.Id });

            // The reconciler looks only for scans still owed a verdict, by how long ago they were queued.
            document.HasIndex(d => d.EnqueueTime)
                .HasFilter(AwaitingVerdict)
                .HasDatabaseName("ix_documents_enqueue_time_awaiting_verdict");

            // The scan queue's gauges count the scans owed a verdict and find the oldest request among them.
            document.HasIndex(d => d.ScanRequestTime)
                .HasFilter(AwaitingVerdict)
                .HasDatabaseName("ix_documents_scan_request_time_awaiting_verdict");
        });

        modelBuilder.Entity<ScanOutboxRecord>(outbox =>
        {
            outbox.ToTable("scan_outbox");
            outbox.HasKey(o => o.Id);
            outbox.Property(o => o.Id).UseIdentityAlwaysColumn();
            // A deleted document needs no scan: its queued jobs go with it.
            outbox.HasOne<DocumentRecord>().WithMany().HasForeignKey(o => o.DocumentId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ObjectCleanupRecord>(cleanup =>
        {
            cleanup.ToTable("object_cleanups");
            cleanup.HasKey(c => c.Id);
            cleanup.Property(c => c.Id).UseIdentityAlwaysColumn();
            cleanup.HasIndex(c => c.DueTime);
        });
    }
}
