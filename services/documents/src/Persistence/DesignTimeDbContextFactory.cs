using Microsoft.EntityFrameworkCore.Design;

namespace Ideation.Documents.Persistence;

/// <summary>
/// Lets `dotnet ef migrations add` build the model without starting the service (which needs
/// signing keys and configuration that migrations have no use for). Never connects.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<DocumentsDbContext>
{
    public DocumentsDbContext CreateDbContext(string[] args) =>
        new(DocumentsDbContext.CreateOptions("Host=localhost;Database=documents_design_time"));
}
