using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ideation.Documents.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddScanOutboxTraceParent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "trace_parent",
                table: "scan_outbox",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "trace_parent",
                table: "scan_outbox");
        }
    }
}
