using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace Ideation.Ideas.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CreateIdeas : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateTable(
                name: "ideas",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "text", nullable: false),
                    description = table.Column<string>(type: "text", nullable: false),
                    category = table.Column<string>(type: "text", nullable: false),
                    tags = table.Column<List<string>>(type: "text[]", nullable: false),
                    state = table.Column<string>(type: "text", nullable: false),
                    author = table.Column<string>(type: "text", nullable: false),
                    author_display_name = table.Column<string>(type: "text", nullable: false),
                    create_time = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    update_time = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    submit_time = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    decision_reason = table.Column<string>(type: "text", nullable: true),
                    request_id = table.Column<string>(type: "text", nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    search_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: true, computedColumnSql: "setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', description), 'B')", stored: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ideas", x => x.id);
                    table.CheckConstraint("ck_ideas_state", "state IN ('draft', 'submitted', 'under_review', 'approved', 'rejected', 'implemented', 'withdrawn')");
                });

            migrationBuilder.CreateTable(
                name: "idea_events",
                columns: table => new
                {
                    idea_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    actor = table.Column<string>(type: "text", nullable: false),
                    actor_display_name = table.Column<string>(type: "text", nullable: false),
                    create_time = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    from_state = table.Column<string>(type: "text", nullable: true),
                    to_state = table.Column<string>(type: "text", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: true),
                    changed_fields = table.Column<List<string>>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idea_events", x => new { x.idea_id, x.sequence });
                    table.CheckConstraint("ck_idea_events_kind", "kind IN ('created', 'edited', 'state_changed')");
                    table.ForeignKey(
                        name: "fk_idea_events_ideas_idea_id",
                        column: x => x.idea_id,
                        principalTable: "ideas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ideas_author_create_time_id",
                table: "ideas",
                columns: new[] { "author", "create_time", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_ideas_create_time_id",
                table: "ideas",
                columns: new[] { "create_time", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_ideas_search_vector",
                table: "ideas",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_ideas_state_create_time_id",
                table: "ideas",
                columns: new[] { "state", "create_time", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_ideas_tags",
                table: "ideas",
                column: "tags")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_ideas_title_trgm",
                table: "ideas",
                column: "title")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_ideas_update_time_id",
                table: "ideas",
                columns: new[] { "update_time", "id" });

            migrationBuilder.CreateIndex(
                name: "ux_ideas_author_request_id",
                table: "ideas",
                columns: new[] { "author", "request_id" },
                unique: true,
                filter: "request_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "idea_events");

            migrationBuilder.DropTable(
                name: "ideas");
        }
    }
}
