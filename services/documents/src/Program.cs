using Ideation.Documents;
using Ideation.Documents.Persistence;
using Ideation.Persistence;

// `migrate` applies the database migrations and exits; the service itself never migrates (see SchemaMigrations).
if (args is ["migrate", .. var options])
{
    await MigrateCommand.RunAsync(options, DocumentsApplication.ConnectionStringName, connectionString => new DocumentsDbContext(DocumentsDbContext.CreateOptions(connectionString)));
    return;
}

DocumentsHost.Create(args).Run();
