using Ideation.Documents;

// `migrate` applies the database migrations and exits; the service itself never migrates (see DocumentsDatabase).
if (args is ["migrate", .. var options])
{
    await MigrateCommand.RunAsync(options);
    return;
}

DocumentsHost.Create(args).Run();
