using Ideation.Ideas;
using Ideation.Ideas.Persistence;
using Ideation.Persistence;

// `migrate` applies the database migrations and exits; the service itself never migrates (see SchemaMigrations).
if (args is ["migrate", .. var options])
{
    await MigrateCommand.RunAsync(options, IdeasApplication.ConnectionStringName, connectionString => new IdeasDbContext(IdeasDbContext.CreateOptions(connectionString)));
    return;
}

IdeasHost.Create(args).Run();
