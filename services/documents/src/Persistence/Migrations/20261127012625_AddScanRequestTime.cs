using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ideation.Documents.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddScanRequestTime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Existing rows get the best time known: the upload for a first scan, the last queueing
            // for a rescan (the reconciler may have moved it since the rescan was asked for).
            migrationBuilder.AddColumn<DateTime>(
                name: "scan_request_time",
                table: "documents",
                type: "timestamp with time zone",
                nullable: true);

            // The semicolon matters: the idempotent script wraps this statement in an IF block.
            migrationBuilder.Sql(
                "UPDATE documents SET scan_request_time = CASE WHEN scan_generation = 1 THEN create_time ELSE enqueue_time END;");

            migrationBuilder.AlterColumn<DateTime>(
                name: "scan_request_time",
                table: "documents",
                type: "timestamp with time zone",
                nullable: false,
                oldClrType: typeof(DateTime),
                oldType: "timestamp with time zone",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_documents_scan_request_time_awaiting_verdict",
                table: "documents",
                column: "scan_request_time",
                filter: "scan_generation > verdict_generation");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_documents_scan_request_time_awaiting_verdict",
                table: "documents");

            migrationBuilder.DropColumn(
                name: "scan_request_time",
                table: "documents");
        }
    }
}
