namespace Ideation.EndToEnd.Tests.Faults;

/// <summary>
/// The platform with a PostgreSQL server of its own, so that killing the database server breaks only
/// this platform and never the other tests, which share the test command's server.
/// </summary>
public sealed class FaultPlatform() : Platform(ownPostgres: true);
