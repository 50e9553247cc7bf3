using Grpc.Core;
using Grpc.Net.Client;
using Ideation.Bench.Harness;
using Ideation.Bench.Measurement;
using Ideation.Bench.Stack;
using Ideation.Contracts.Ideas.V1;
using Ideation.ServiceDefaults.Identity;
using Npgsql;

namespace Ideation.Bench.Listing;

/// <summary>
/// The `listing` scenario: ListIdeas and search latency as the ideas table grows (10k, 100k, 1M rows).
/// It starts its own PostgreSQL and ideas service on the server core (no stack needed), grows one
/// table through the sizes with binary COPY, and at each size measures the first, a middle and the
/// last page of every listing, and searches matching from 10 to 100k rows, in alternating rounds; then
/// logs the plan PostgreSQL ran for each (auto_explain), and prints tables and draws the curves.
/// </summary>
public sealed class ListingScenario : IBenchScenario
{
    public string Name => "listing";

    public string Description =>
        "ListIdeas (every filter and order; first, middle, last page) and search latency at 10k, 100k, 1M ideas; starts its own PostgreSQL and ideas service";

    public Task RunAsync(BenchRun run) => RunAsync(run, run.Quick ? ListingSettings.Quick : ListingSettings.Full);

    private static async Task RunAsync(BenchRun run, ListingSettings settings)
    {
        Directory.CreateDirectory(settings.StateDirectory);
        await run.LogAsync($"Building the ideas service; PostgreSQL and the service on CPU {settings.ServerCpus}, state in {settings.StateDirectory}");
        await IdeasServiceProcess.BuildAsync();
        await using var postgres = await ThrowawayPostgres.StartAsync(settings);
        await IdeasServiceProcess.MigrateAsync(postgres.ConnectionString());
        await using var service = await IdeasServiceProcess.StartAsync(settings, postgres.ConnectionString());
        await using var admin = new NpgsqlConnection(postgres.ConnectionString());
        await admin.OpenAsync();

        var stack = new LocalStack
        {
            Processes =
            [
                new(PageProbe.Service, settings.ServicePort, "Ideation.Ideas.dll"),
                new(PageProbe.Postgres, settings.PostgresPort, "postgres"),
            ],
        };
        var cpu = new CpuMeter(stack);
        await run.LogAsync($"Machine: {MachineInfo.Describe(new Dictionary<string, int> { [PageProbe.Service] = cpu.Pid(PageProbe.Service), [PageProbe.Postgres] = cpu.Pid(PageProbe.Postgres) })}");

        using var channel = GrpcChannel.ForAddress(service.Address);
        var client = new IdeaService.IdeaServiceClient(channel);
        // A submitter with ideas of their own: the listing shows everyone's ideas except other users' drafts.
        var token = TokenIssuer.Issue(stack.Tokens, GeneratedIdeas.Caller, "User 0007", [Roles.Submitter], TimeSpan.FromHours(12));
        var authorization = new Metadata { { "authorization", $"Bearer {token}" } };
        var probe = new PageProbe(client, authorization, cpu, settings);
        var plans = new QueryPlans(postgres, admin);
        var report = new ListingReport(run, settings);

        foreach (var size in settings.Sizes)
        {
            await run.LogAsync($"\nGrowing the table to {size:N0} ideas");
            var before = cpu.Take();
            var seeded = await IdeaSeeder.GrowToAsync(admin, size);
            var seedCpu = cpu.Take().Since(before);
            // CPU seconds say whether the seeding waited on PostgreSQL or on the bench generating rows, or on the machine's other work.
            await run.LogAsync($"  COPY {seeded.Copy.TotalSeconds:0.0} s, indexes {seeded.Indexes.TotalSeconds:0.0} s, VACUUM ANALYZE {seeded.Analyze.TotalSeconds:0.0} s; " +
                               $"CPU s: PostgreSQL {seedCpu.Seconds[PageProbe.Postgres]:0.0}, bench {seedCpu.Seconds[CpuMeter.Bench]:0.0}, other {seedCpu.Seconds[CpuMeter.Other]:0.0}");

            var targets = new List<PageTarget>();
            var walks = await Task.WhenAll(ListingCases.Listings.Select(listing =>
                PageWalker.WalkAsync(client, authorization, listing, settings.WalkPageSize)));
            foreach (var (listing, depth) in ListingCases.Listings.Zip(walks))
            {
                await run.LogAsync($"  {listing.Name}: {depth.Rows:N0} rows, {depth.Pages:N0} pages of {settings.WalkPageSize} walked in {depth.WalkTime.TotalSeconds:0.0} s");
                targets.Add(new PageTarget(listing, ListingReport.First, "", depth.Rows));
                targets.Add(new PageTarget(listing, ListingReport.Middle, depth.MiddleToken, depth.Rows));
                targets.Add(new PageTarget(listing, ListingReport.Last, depth.LastToken, depth.Rows));
            }

            foreach (var (word, _, search) in ListingCases.Searches)
            {
                targets.Add(new PageTarget(search, ListingReport.First, "", await VisibleMatchesAsync(admin, word)));
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            await run.LogAsync($"  measuring {targets.Count} pages in {settings.Rounds} alternating rounds after {settings.WarmupRounds} warm-up");
            var result = await Alternation.RunAsync(
                targets.Select(target => (target.Name, (Func<int, Task<PageRound>>)(_ => probe.MeasureAsync(target)))).ToList(),
                settings.Rounds, settings.WarmupRounds);

            await run.LogAsync($"  measured in {clock.Elapsed.TotalSeconds:0} s");

            // After the rounds: the service's statements are prepared and their plans settled, as in production.
            var planned = await plans.WhileLoggingAsync(async () =>
            {
                var list = new List<(PageTarget, PlanSummary?)>();
                foreach (var target in targets)
                {
                    list.Add((target, await plans.PlanOfAsync(() => client.ListIdeasAsync(target.Case.Request(settings.PageSize, target.PageToken), authorization).ResponseAsync)));
                }

                return list;
            });

            await report.AddSizeAsync(size, targets, result, planned);
        }

        await report.FinishAsync();
    }

    /// <summary>Rows a search matches among those the caller may see (everyone's except other users' drafts).</summary>
    private static async Task<long> VisibleMatchesAsync(NpgsqlConnection connection, string word)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM ideas WHERE search_vector @@ websearch_to_tsquery('english', @word) AND (state <> 'draft' OR author = @caller)", connection);
        command.Parameters.AddWithValue("word", word);
        command.Parameters.AddWithValue("caller", GeneratedIdeas.Caller);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
