using Ideation.Bench.Harness;
using Ideation.Bench.Stack;

namespace Ideation.Bench.Reads;

/// <summary>
/// The three GetIdea servers the reads scenario compares, started by the bench on core 0 beside the
/// stack's PostgreSQL and Redis, on ports of their own: the ideas service as built (its production
/// pipeline: token validation, access log, metrics, tracing), once without and once with its Redis
/// cache, and the raw Npgsql host. All read the stack's database.
/// </summary>
public sealed class ReadHosts : IAsyncDisposable
{
    public const string Cpus = "0";
    public const int FirstPort = 19400;

    private ReadHosts(PinnedProcess raw, PinnedProcess ideas, PinnedProcess cached, string redisEndpoint)
    {
        Raw = raw;
        Ideas = ideas;
        Cached = cached;
        RedisEndpoint = redisEndpoint;
    }

    public PinnedProcess Raw { get; }
    public PinnedProcess Ideas { get; }
    public PinnedProcess Cached { get; }
    public string RedisEndpoint { get; }

    public static int RawPort => FirstPort;
    public static int IdeasPort => FirstPort + 1;
    public static int CachedPort => FirstPort + 3;
    public static int CachedManagementPort => FirstPort + 4;

    public static string ConnectionString => $"Host=127.0.0.1;Port={55432 + LocalStack.PortOffset};Username=postgres;Database=ideation";

    public static async Task<ReadHosts> StartAsync(LocalStack stack, string logDirectory)
    {
        var root = RepositoryRoot.Find();
        var redis = $"127.0.0.1:{55379 + LocalStack.PortOffset}";
        string[] auth = [$"--Auth:Issuer={stack.Tokens.Issuer}", $"--Auth:Audience={stack.Tokens.Audience}", $"--Auth:SigningKey={stack.Tokens.SigningKey}"];
        var ideasDll = Path.Combine(root, "services/ideas/src/bin/Release/net10.0/Ideation.Ideas.dll");
        string[] Ideas(int port, string cache) =>
        [
            "--environment=Production", "--Hosting:BindAddress=127.0.0.1",
            $"--Hosting:ServicePort={port}", $"--Hosting:ManagementPort={port + 1}",
            $"--ConnectionStrings:Ideas={ConnectionString}", $"--Ideas:Events:Redis={redis}", $"--Ideas:Cache:Redis={cache}",
            .. auth,
        ];

        Directory.CreateDirectory(logDirectory);
        var raw = await PinnedProcess.StartDotnetAsync("raw Npgsql", Cpus, Path.Combine(root, "bench/Ideation.Bench.RawNpgsql/bin/Release/net10.0/Ideation.Bench.RawNpgsql.dll"),
            [$"--Port={RawPort}", $"--ConnectionStrings:Ideas={ConnectionString}", .. auth], RawPort, Path.Combine(logDirectory, "raw-npgsql.log"));
        var ideas = await PinnedProcess.StartDotnetAsync("ideas", Cpus, ideasDll, Ideas(IdeasPort, ""), IdeasPort, Path.Combine(logDirectory, "ideas-no-cache.log"));
        var cached = await PinnedProcess.StartDotnetAsync("ideas + Redis cache", Cpus, ideasDll, Ideas(CachedPort, redis), CachedPort, Path.Combine(logDirectory, "ideas-cache.log"));
        return new ReadHosts(raw, ideas, cached, redis);
    }

    public async ValueTask DisposeAsync()
    {
        await Cached.DisposeAsync();
        await Ideas.DisposeAsync();
        await Raw.DisposeAsync();
    }
}
