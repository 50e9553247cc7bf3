using Ideation.Ideas;

// `migrate` applies the database migrations and exits; the service itself never migrates (see IdeasDatabase).
if (args is ["migrate", .. var options])
{
    await MigrateCommand.RunAsync(options);
    return;
}

IdeasHost.Create(args).Run();
