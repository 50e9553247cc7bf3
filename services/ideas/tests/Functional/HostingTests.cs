using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Ideation.Ideas.Persistence;
using Ideation.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Ideation.Ideas.Tests.Functional;

public sealed class HostingTests(IdeasServiceFixture service) : IClassFixture<IdeasServiceFixture>
{
    [Fact]
    public async Task Health_readiness_and_metrics_answer_on_the_management_port()
    {
        using var management = service.ManagementClient();

        Assert.Equal(HttpStatusCode.OK, (await management.GetAsync("/health")).StatusCode);

        var ready = await management.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", report.RootElement.GetProperty("checks").GetProperty("postgresql").GetProperty("status").GetString());

        await service.As(TestUser.Submitter()).ListCategoriesAsync(new Contracts.Ideas.V1.ListCategoriesRequest());
        var metrics = await management.GetStringAsync("/metrics");
        Assert.Contains("http_request_duration_seconds", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_grpc_health_service_reports_serving_without_a_token()
    {
        var health = new Health.HealthClient(service.Channel);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving,
            (await health.CheckAsync(new HealthCheckRequest { Service = "ideation.ideas.v1.IdeaService" })).Status);
    }

    [Fact]
    public async Task Without_its_database_the_service_lives_but_is_not_ready()
    {
        // A port nobody listens on: PostgreSQL is down.
        var unreachable = $"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Database=ideas";
        var (servicePort, managementPort) = (FreePort.Next(), FreePort.Next());
        await using var host = IdeasHost.Create(IdeasServiceFixture.Arguments(unreachable, servicePort, managementPort));
        await host.StartAsync();
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}") };
        using var channel = TestChannels.ForAddress($"http://127.0.0.1:{servicePort}");

        Assert.Equal(HttpStatusCode.OK, (await management.GetAsync("/health")).StatusCode);
        var ready = await management.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("postgresql", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing,
            (await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest())).Status);

        await host.StopAsync();
    }

    [Fact]
    public async Task The_migrate_command_applies_the_schema_once_and_is_idempotent()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("ideas_migrate");
        await using var model = new IdeasDbContext(IdeasDbContext.CreateOptions(connectionString));
        var migrations = model.Database.GetMigrations().Count();
        try
        {
            var first = await RunMigrateCommandAsync(connectionString);
            Assert.True(first.ExitCode == 0, first.Output);
            Assert.Contains($"Applying {migrations} migration", first.Output, StringComparison.Ordinal);

            var second = await RunMigrateCommandAsync(connectionString);
            Assert.True(second.ExitCode == 0, second.Output);
            Assert.Contains("up to date", second.Output, StringComparison.Ordinal);
            await IdeasDatabase.MigrateAsync(connectionString);

            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            Assert.Equal((long)migrations, await Scalar(connection, "SELECT count(*) FROM \"__EFMigrationsHistory\""));
            Assert.Equal(1L, await Scalar(connection, "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'"));
            Assert.Equal("s", await Scalar(connection,
                "SELECT attgenerated::text FROM pg_attribute WHERE attrelid = 'ideas'::regclass AND attname = 'search_vector'"));
            Assert.Equal(3L, await Scalar(connection,
                "SELECT count(*) FROM pg_indexes WHERE tablename = 'ideas' AND indexdef LIKE '%USING gin%'"));
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task The_migrate_command_fails_loudly_without_a_database()
    {
        var result = await RunMigrateCommandAsync($"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Database=none;Timeout=3");
        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public void The_service_refuses_to_start_without_a_connection_string()
    {
        var arguments = IdeasServiceFixture.Arguments("", FreePort.Next(), FreePort.Next());
        var error = Assert.Throws<InvalidOperationException>(() => IdeasHost.Create(arguments));
        Assert.Contains("ConnectionStrings:Ideas", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_service_never_migrates_by_itself()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("ideas_unmigrated");
        try
        {
            await using var host = IdeasHost.Create(IdeasServiceFixture.Arguments(connectionString, FreePort.Next(), FreePort.Next()));
            await host.StartAsync();
            await host.StopAsync();

            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            Assert.Equal(0L, await Scalar(connection, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Runs the real entry point, <c>dotnet Ideation.Ideas.dll migrate</c>, as the Helm Job does.</summary>
    private static async Task<(int ExitCode, string Output)> RunMigrateCommandAsync(string connectionString)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Ideation.Ideas.dll"), "migrate", $"--ConnectionStrings:Ideas={connectionString}" },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await output + await error);
    }
}
