using Microsoft.EntityFrameworkCore.Design;

namespace Ideation.Ideas.Persistence;

/// <summary>
/// Lets `dotnet ef migrations add` build the model without starting the service (which needs
/// signing keys and configuration that migrations have no use for). Never connects.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<IdeasDbContext>
{
    public IdeasDbContext CreateDbContext(string[] args) =>
        new(IdeasDbContext.CreateOptions("Host=localhost;Database=ideation_design_time"));
}
