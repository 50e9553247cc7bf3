using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ideation.Documents.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddScanDeferrals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "scan_deferrals",
                table: "documents",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "scan_deferrals",
                table: "documents");
        }
    }
}
