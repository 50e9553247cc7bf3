using Grpc.Net.Client;
using Ideation.Bench.Harness;
using Ideation.Bench.Load;
using Ideation.Bench.Measurement;
using Ideation.Bench.Output;
using Ideation.Bench.Stack;
using Ideation.Contracts.Ideas.V1;
using Ideation.ServiceDefaults.Identity;

namespace Ideation.Bench.Reads;

/// <summary>
/// Scenario 4: GetIdea straight to the ideas service (h2c gRPC) against a host that answers the same
/// call with one hand-written Npgsql query, without and with the service's Redis cache. The servers,
/// PostgreSQL and Redis share core 0; h2load runs on core 1. Every contender reads the same submitted
/// idea with the same token, so the service's cache answers every read after the first.
/// </summary>
public sealed class ReadsScenario : IBenchScenario
{
    public const string Postgres = "postgres";
    public const string Redis = "redis";

    public string Name => "reads";

    public string Description =>
        "GetIdea direct to ideas (no cache, Redis cache) vs a raw Npgsql gRPC host; needs bench/start-stack.sh running and a Release build";

    public async Task RunAsync(BenchRun run)
    {
        var stack = new LocalStack();
        var settings = run.Quick ? ReadsSettings.Quick : ReadsSettings.Full;
        var token = TokenIssuer.Issue(stack.Tokens, "bench-reader", "Benchmark reader", [Roles.Submitter], TimeSpan.FromHours(12));
        await using var hosts = await ReadHosts.StartAsync(stack, Path.Combine(stack.StateDirectory, "logs", "bench-reads"));

        var cpu = new CpuMeter(new Dictionary<string, int>
        {
            [hosts.Raw.Name] = hosts.Raw.Pid,
            [hosts.Ideas.Name] = hosts.Ideas.Pid,
            [hosts.Cached.Name] = hosts.Cached.Pid,
            [Postgres] = ListeningProcess.Find(stack.Process(Postgres)),
            [Redis] = ListeningProcess.Find(stack.Process(Redis)),
        });
        await run.LogAsync($"Machine: {MachineInfo.Describe(cpu.Names.ToDictionary(name => name, cpu.Pid))}");

        // Changes go through the cached instance, so that its cache hears of them (every replica must share the cache setting).
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{ReadHosts.CachedPort}");
        var reader = new ReadTarget(channel, token, TokenIssuer.Issue(stack.Tokens, "bench-admin", "Benchmark admin", [Roles.Admin], TimeSpan.FromHours(12)));
        var idea = await reader.CreateSubmittedIdeaAsync();
        try
        {
            await reader.CheckSameAnswerAsync(idea, [ReadHosts.RawPort, ReadHosts.IdeasPort, ReadHosts.CachedPort]);
            var body = GrpcLoad.Frame(new GetIdeaRequest { Name = idea.Name });
            var frameBytes = 5 + idea.CalculateSize();

            Func<int, Task<ReadSample>> Measure(PinnedProcess server, int port) => async round =>
            {
                var load = new GrpcLoad($"http://127.0.0.1:{port}/ideation.ideas.v1.IdeaService/GetIdea", body, GrpcLoad.GrpcHeaders(token),
                    settings.Connections, settings.StreamsPerConnection, round < 0 ? settings.WarmupDuration : settings.RoundDuration);
                var before = cpu.Take();
                var result = await load.RunAsync();
                var usage = cpu.Take().Since(before);
                if (result.DataBytesPerSuccess < frameBytes)
                {
                    throw new InvalidOperationException($"{server.Name} answered {result.DataBytesPerSuccess:0} bytes per call, expected {frameBytes}: errors, not ideas (see {server.LogPath}).");
                }

                return new ReadSample(server.Name, result, usage);
            };

            var results = await Alternation.RunAsync<ReadSample>(
            [
                (hosts.Raw.Name, Measure(hosts.Raw, ReadHosts.RawPort)),
                (hosts.Ideas.Name, Measure(hosts.Ideas, ReadHosts.IdeasPort)),
                (hosts.Cached.Name, Measure(hosts.Cached, ReadHosts.CachedPort)),
            ], run.Rounds, warmupRounds: 1, run.LogAsync);

            await run.LogAsync(Report(results, settings, hosts.Raw.Name));
            await run.LogAsync($"Cache lookups of the cached instance: {await ReadTarget.CacheLookupsAsync(ReadHosts.CachedManagementPort)}");
            Chart(run, results);
        }
        finally
        {
            await reader.DeleteAsync(idea);
        }
    }

    private static string Report(AlternationResult<ReadSample> results, ReadsSettings settings, string baseline)
    {
        var table = new MarkdownTable("GetIdea server", "req/s (median)", "min", "max", "p50 ms", "p99 ms", "p99.9 ms",
            "server CPU-s / 1k", "PostgreSQL CPU-s / 1k", "Redis CPU-s / 1k", "core 0 CPU-s / 1k", $"ratio to {baseline} (median)", "ratio min", "ratio max");
        foreach (var name in results.Names)
        {
            var rate = results.Summarise(name, sample => sample.Load.RequestsPerSecond);
            var ratio = results.Ratio(name, baseline, sample => sample.Load.RequestsPerSecond);
            double Median(Func<ReadSample, double> figure) => results.Summarise(name, figure).Median;
            table.Add(name, rate.Median, rate.Min, rate.Max,
                Median(sample => sample.Load.P50Ms), Median(sample => sample.Load.P99Ms), Median(sample => sample.Load.P999Ms),
                Median(sample => sample.ServerCpuPerThousand), Median(sample => sample.CpuPerThousand(Postgres)), Median(sample => sample.CpuPerThousand(Redis)),
                Median(CoreZeroCpuPerThousand), ratio.Median, ratio.Min, ratio.Max);
        }

        return $"\n## GetIdea direct: the ideas service vs raw Npgsql\n\n" +
               $"h2load -c {settings.Connections} -m {settings.StreamsPerConnection}, {settings.RoundDuration.TotalSeconds:0} s per round, {results.Samples[baseline].Count} rounds; " +
               "latency percentiles are medians over the rounds; CPU from /proc.\n\n" + table;
    }

    /// <summary>Everything on core 0 that served the reads: the server, PostgreSQL and Redis.</summary>
    private static double CoreZeroCpuPerThousand(ReadSample sample) =>
        sample.ServerCpuPerThousand + sample.CpuPerThousand(Postgres) + sample.CpuPerThousand(Redis);

    private static void Chart(BenchRun run, AlternationResult<ReadSample> results)
    {
        Charts.Bars(run.ChartPath("reads-throughput.png"), "GetIdea direct, h2c gRPC (server, PostgreSQL, Redis on one core)", "requests/s",
            results.Names.Select(name => (name, results.Summarise(name, sample => sample.Load.RequestsPerSecond))).ToList());
        Charts.Bars(run.ChartPath("reads-cpu.png"), "CPU-seconds per 1,000 GetIdea (server + PostgreSQL + Redis)", "CPU-s / 1,000 requests",
            results.Names.Select(name => (name, results.Summarise(name, CoreZeroCpuPerThousand))).ToList());
    }
}
