using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ideation.Ideas.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddIdeaCategoryIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_ideas_category_create_time_id",
                table: "ideas",
                columns: new[] { "category", "create_time", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_ideas_category_create_time_id",
                table: "ideas");
        }
    }
}
