using Ideation.Contracts.Ideas.V1;
using Ideation.Ideas;
using Ideation.Ideas.Persistence;
using Ideation.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ideation.Gateway.Tests.Transcoding.Equivalence;

/// <summary>
/// The ideas service behind both transcoders, sharing one real PostgreSQL database and one frozen
/// clock, so that the same request gets the same answer from either side, timestamps included.
/// </summary>
public sealed class IdeasPair : IAsyncLifetime
{
    private static readonly DateTimeOffset FrozenNow = new(2026, 11, 26, 9, 30, 0, TimeSpan.Zero);
    private string _connectionString = "";

    public TranscodingPair Pair { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await PostgresServer.CreateDatabaseAsync("transcoding_ideas");
        await IdeasDatabase.MigrateAsync(_connectionString, CancellationToken.None);
        Pair = await TranscodingPair.StartAsync(new HostedService(
            Configure: (builder, _) =>
            {
                builder.Configuration.AddInMemoryCollection(
                [
                    .. TestIdentity.Configuration,
                    new("ConnectionStrings:Ideas", _connectionString),
                    new("Ideas:Events:Redis", SharedServers.Redis),
                    new("Ideas:Events:Stream", $"transcoding:idea-events:{Guid.NewGuid():N}"),
                ]);
                builder.Services.AddSingleton<TimeProvider>(new FrozenClock(FrozenNow));
                builder.AddIdeasApplication();
            },
            Map: app => app.MapIdeasApplication(),
            Files: [IdeasReflection.Descriptor]));
    }

    public async Task DisposeAsync()
    {
        await Pair.DisposeAsync();
        await PostgresServer.DropDatabaseAsync(_connectionString);
    }

    private sealed class FrozenClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
