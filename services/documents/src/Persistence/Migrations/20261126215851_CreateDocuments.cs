using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Ideation.Documents.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CreateDocuments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "documents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    idea_id = table.Column<Guid>(type: "uuid", nullable: false),
                    filename = table.Column<string>(type: "text", nullable: false),
                    declared_content_type = table.Column<string>(type: "text", nullable: false),
                    content_type = table.Column<string>(type: "text", nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "text", nullable: false),
                    bucket = table.Column<string>(type: "text", nullable: false),
                    object_key = table.Column<string>(type: "text", nullable: false),
                    scan_state = table.Column<string>(type: "text", nullable: false),
                    threat_name = table.Column<string>(type: "text", nullable: true),
                    scan_time = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    engine_version = table.Column<string>(type: "text", nullable: true),
                    signature_version = table.Column<string>(type: "text", nullable: true),
                    uploader = table.Column<string>(type: "text", nullable: false),
                    create_time = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    request_id = table.Column<string>(type: "text", nullable: true),
                    scan_generation = table.Column<long>(type: "bigint", nullable: false),
                    verdict_generation = table.Column<long>(type: "bigint", nullable: false),
                    scan_attempts = table.Column<int>(type: "integer", nullable: false),
                    lease_expire_time = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    scanner = table.Column<string>(type: "text", nullable: true),
                    enqueue_time = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    quarantine_expire_time = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    object_purge_time = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    released_by = table.Column<string>(type: "text", nullable: true),
                    release_reason = table.Column<string>(type: "text", nullable: true),
                    release_time = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_documents", x => x.id);
                    table.CheckConstraint("ck_documents_scan_state", "scan_state IN ('pending', 'scanning', 'clean', 'infected', 'unscannable', 'failed')");
                });

            migrationBuilder.CreateTable(
                name: "object_cleanups",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    bucket = table.Column<string>(type: "text", nullable: false),
                    object_key = table.Column<string>(type: "text", nullable: false),
                    due_time = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_object_cleanups", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "scan_outbox",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    document_id = table.Column<Guid>(type: "uuid", nullable: false),
                    generation = table.Column<long>(type: "bigint", nullable: false),
                    create_time = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scan_outbox", x => x.id);
                    table.ForeignKey(
                        name: "fk_scan_outbox_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_documents_enqueue_time_awaiting_verdict",
                table: "documents",
                column: "enqueue_time",
                filter: "scan_generation > verdict_generation");

            migrationBuilder.CreateIndex(
                name: "ix_documents_idea_id_create_time_id",
                table: "documents",
                columns: new[] { "idea_id", "create_time", "id" });

            migrationBuilder.CreateIndex(
                name: "ux_documents_idea_uploader_request_id",
                table: "documents",
                columns: new[] { "idea_id", "uploader", "request_id" },
                unique: true,
                filter: "request_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_object_cleanups_due_time",
                table: "object_cleanups",
                column: "due_time");

            migrationBuilder.CreateIndex(
                name: "ix_scan_outbox_document_id",
                table: "scan_outbox",
                column: "document_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "object_cleanups");

            migrationBuilder.DropTable(
                name: "scan_outbox");

            migrationBuilder.DropTable(
                name: "documents");
        }
    }
}
