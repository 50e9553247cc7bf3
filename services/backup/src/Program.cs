using Ideation.Backup;

// backup-database, sync-objects, restore-database, restore-objects: see BackupCommandLine.Usage.
return await BackupProgram.RunAsync(args);
