using System.Text.Json;
using Ideation.Bench.Harness;
using Ideation.Bench.Load;
using Ideation.Bench.Measurement;
using Ideation.Bench.Output;
using Ideation.Bench.Stack;
using Ideation.Contracts.Ideas.V1;
using Ideation.ServiceDefaults.Identity;
using Npgsql;

namespace Ideation.Bench.Writes;

/// <summary>
/// Scenario 5: CreateIdea through the gateway (TLS), over REST and native gRPC, against the same two
/// rows inserted with raw Npgsql in one transaction, at the same number of requests in flight. The
/// stack (gateway, ideas, PostgreSQL with fsync on) runs on core 0; h2load and the raw writers on
/// core 1. Every idea created belongs to one bench user and is deleted at the end.
/// </summary>
public sealed class WritesScenario : IBenchScenario
{
    public const string Postgres = "postgres";
    public const string Ideas = "ideas";
    public const string Gateway = "gateway";
    public const string Client = "client";
    private const string Author = "bench-writer";

    private static readonly CreateIdeaContent Content = new(
        "Benchmark writes", "Created by bench/Ideation.Bench to measure CreateIdea; deleted at the end of the run.", "workplace");

    public string Name => "writes";

    public string Description =>
        "CreateIdea through the gateway (REST, gRPC) vs raw Npgsql INSERTs of the idea and its event; needs bench/start-stack.sh running";

    public async Task RunAsync(BenchRun run)
    {
        var stack = new LocalStack();
        var settings = run.Quick ? WritesSettings.Quick : WritesSettings.Full;
        var token = TokenIssuer.Issue(stack.Tokens, Author, Author, [Roles.Submitter], TimeSpan.FromHours(12));
        var cpu = new CpuMeter(new Dictionary<string, int>
        {
            [Gateway] = ListeningProcess.Find(stack.Process(Gateway)),
            [Ideas] = ListeningProcess.Find(stack.Process(Ideas)),
            [Postgres] = ListeningProcess.Find(stack.Process(Postgres)),
            [Client] = Environment.ProcessId,
        });
        await run.LogAsync($"Machine: {MachineInfo.Describe(cpu.MeasuredPids(Client))}");

        var connectionString = $"Host=127.0.0.1;Port={55432 + LocalStack.PortOffset};Username=postgres;Database=ideation";
        // The service's pool: at most 20 connections (Ideation.Persistence.PostgresConnections), whatever the load.
        await using var dataSource = NpgsqlDataSource.Create(connectionString + ";Maximum Pool Size=20;Max Auto Prepare=64;No Reset On Close=true");
        var raw = new RawInserts(dataSource, Author);

        var grpcBody = GrpcLoad.Frame(new CreateIdeaRequest { Idea = new Idea { Title = Content.Title, Description = Content.Description, Category = Content.Category } });
        var restBody = JsonSerializer.SerializeToUtf8Bytes(new { title = Content.Title, description = Content.Description, category = Content.Category });
        Func<int, Task<WriteSample>> Measure(Func<TimeSpan, Task<LoadResult>> load, double minimumBytes) => async round =>
        {
            var before = cpu.Take();
            var result = await load(round < 0 ? settings.WarmupDuration : settings.RoundDuration);
            var usage = cpu.Take().Since(before);
            if (result.Succeeded == 0 || result.DataBytesPerSuccess < minimumBytes)
            {
                throw new InvalidOperationException($"{result.Succeeded} succeeded with {result.DataBytesPerSuccess:0} bytes each: errors, not ideas.");
            }

            return new WriteSample(result, usage);
        };

        Task<LoadResult> ThroughGateway(string path, byte[] body, IReadOnlyList<string> headers, TimeSpan duration) =>
            new GrpcLoad($"{stack.Gateway.ToString().TrimEnd('/')}{path}", body, headers, settings.Connections, settings.StreamsPerConnection, duration).RunAsync();

        try
        {
            var results = await Alternation.RunAsync<WriteSample>(
            [
                ("raw Npgsql INSERTs", Measure(duration => raw.RunAsync(settings.InFlight, duration, Content), 0)),
                ("gateway gRPC", Measure(duration => ThroughGateway("/ideation.ideas.v1.IdeaService/CreateIdea", grpcBody, GrpcLoad.GrpcHeaders(token), duration), 100)),
                ("gateway REST", Measure(duration => ThroughGateway("/v1/ideas", restBody, ["content-type: application/json", $"authorization: Bearer {token}"], duration), 100)),
            ], run.Rounds, warmupRounds: 1, run.LogAsync);

            await run.LogAsync(Report(results, settings));
            Charts.Bars(run.ChartPath("writes-throughput.png"), "CreateIdea: ideas per second (gateway, ideas, PostgreSQL on one core)", "ideas/s",
                results.Names.Select(name => (name, results.Summarise(name, sample => sample.Load.RequestsPerSecond))).ToList());
        }
        finally
        {
            // The history rows go with their ideas (ON DELETE CASCADE).
            await using var cleanup = dataSource.CreateCommand($"DELETE FROM ideas WHERE author = '{Author}'");
            var deleted = await cleanup.ExecuteNonQueryAsync();
            await run.LogAsync($"Deleted the {deleted} ideas the scenario created.");
        }
    }

    private static string Report(AlternationResult<WriteSample> results, WritesSettings settings)
    {
        var baseline = results.Names[0];
        var table = new MarkdownTable("CreateIdea path", "writes/s (median)", "min", "max", "p50 ms", "p99 ms", "p99.9 ms",
            "PostgreSQL CPU-s / 1k", "ideas CPU-s / 1k", "gateway CPU-s / 1k", "client CPU-s / 1k", $"ratio to {baseline} (median)", "ratio min", "ratio max");
        foreach (var name in results.Names)
        {
            var rate = results.Summarise(name, sample => sample.Load.RequestsPerSecond);
            var ratio = results.Ratio(name, baseline, sample => sample.Load.RequestsPerSecond);
            double Median(Func<WriteSample, double> figure) => results.Summarise(name, figure).Median;
            table.Add(name, rate.Median, rate.Min, rate.Max,
                Median(sample => sample.Load.P50Ms), Median(sample => sample.Load.P99Ms), Median(sample => sample.Load.P999Ms),
                Median(sample => sample.CpuPerThousand(Postgres)), Median(sample => sample.CpuPerThousand(Ideas)),
                Median(sample => sample.CpuPerThousand(Gateway)), Median(sample => sample.CpuPerThousand(Client)),
                ratio.Median, ratio.Min, ratio.Max);
        }

        return $"\n## CreateIdea: through the gateway vs raw Npgsql INSERTs\n\n" +
               $"{settings.InFlight} requests in flight (h2load -c {settings.Connections} -m {settings.StreamsPerConnection}; the raw side {settings.InFlight} writers), " +
               $"{settings.RoundDuration.TotalSeconds:0} s per round, {results.Samples[baseline].Count} rounds; PostgreSQL with fsync on; CPU from /proc " +
               "(client: the bench process with h2load, on core 1).\n\n" + table;
    }
}
