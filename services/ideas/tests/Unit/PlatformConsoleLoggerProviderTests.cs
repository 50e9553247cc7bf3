using System.Text.Json;
using Ideation.ServiceDefaults.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Ideation.Ideas.Tests.Unit;

/// <summary>
/// The provider that writes the platform's lines to standard output (the shared defaults' logging),
/// over a stream the test controls: whole lines, per-thread order, nothing lost, a bounded queue that
/// makes loggers wait, batches, disposal that writes what is queued, and a failing stream.
/// </summary>
public sealed class PlatformConsoleLoggerProviderTests
{
    [Fact]
    public void Lines_from_many_threads_all_arrive_whole_and_in_each_threads_order()
    {
        const int threads = 8;
        const int linesPerThread = 3_000;
        using var output = new RecordingStream();
        using (var provider = new PlatformConsoleLoggerProvider(output, capacity: 100))
        {
            var logger = provider.CreateLogger("Ideation.Tests");
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, thread =>
            {
                for (var line = 0; line < linesPerThread; line++)
                {
                    logger.LogInformation("Thread {Thread} line {Line}", thread, line);
                }
            });
        }

        var next = new int[threads];
        foreach (var text in output.Lines())
        {
            using var json = JsonDocument.Parse(text);
            var state = json.RootElement.GetProperty("State");
            var thread = state.GetProperty("Thread").GetInt32();
            Assert.Equal(next[thread], state.GetProperty("Line").GetInt32());
            next[thread]++;
        }

        Assert.All(next, count => Assert.Equal(linesPerThread, count));
    }

    [Fact]
    public void A_line_is_written_without_waiting_for_more()
    {
        using var output = new RecordingStream();
        using var provider = new PlatformConsoleLoggerProvider(output);

        provider.CreateLogger("Ideation.Tests").LogInformation("Alone");

        Assert.True(SpinWait.SpinUntil(() => output.Text().Contains("\"Message\":\"Alone\"", StringComparison.Ordinal), TimeSpan.FromMinutes(1)));
        Assert.EndsWith("}\n", output.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void What_queued_while_the_stream_was_busy_goes_out_in_few_writes()
    {
        const int lines = 2_000;
        using var output = new RecordingStream();
        using var provider = new PlatformConsoleLoggerProvider(output);
        var logger = provider.CreateLogger("Ideation.Tests");
        output.CloseGate();
        logger.LogInformation("First, held at the gate");
        output.WaitForWriterAtGate();

        for (var line = 0; line < lines; line++)
        {
            logger.LogInformation("Queued line {Line}", line);
        }

        output.OpenGate();
        provider.Dispose();

        Assert.Equal(lines + 1, output.Lines().Length);
        var batches = (output.Text().Length / BatchedLineWriter.BatchBytes) + 1;
        Assert.InRange(output.Writes, 2, 1 + batches + 1);
    }

    [Fact]
    public async Task A_full_queue_makes_the_logging_thread_wait_and_loses_nothing()
    {
        const int capacity = 4;
        using var output = new RecordingStream();
        using var provider = new PlatformConsoleLoggerProvider(output, capacity);
        var logger = provider.CreateLogger("Ideation.Tests");
        output.CloseGate();
        logger.LogInformation("Line {Line}", 0);
        output.WaitForWriterAtGate();

        // The writer holds line 0 at the gate; lines 1-4 fill the queue, line 5 must wait.
        var logging = Task.Factory.StartNew(() =>
        {
            for (var line = 1; line <= capacity + 1; line++)
            {
                logger.LogInformation("Line {Line}", line);
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.True(SpinWait.SpinUntil(() => provider.WaitingForRoom == 1, TimeSpan.FromMinutes(1)), "the logging thread never waited");
        Assert.False(logging.IsCompleted);

        output.OpenGate();
        await logging.WaitAsync(TimeSpan.FromMinutes(1));
        provider.Dispose();

        var written = output.Lines().Select(text => JsonDocument.Parse(text).RootElement.GetProperty("State").GetProperty("Line").GetInt32());
        Assert.Equal(Enumerable.Range(0, capacity + 2), written);
    }

    [Fact]
    public void Disposal_writes_every_line_queued_before_it_and_later_lines_are_still_written()
    {
        using var output = new RecordingStream();
        var provider = new PlatformConsoleLoggerProvider(output);
        var logger = provider.CreateLogger("Ideation.Tests");
        for (var line = 0; line < 5_000; line++)
        {
            logger.LogInformation("Line {Line}", line);
        }

        logger.LogInformation("Shutting down: not ready from now");
        provider.Dispose();
        var linesAtDisposal = output.Lines();
        logger.LogInformation("After disposal");

        Assert.Equal(5_001, linesAtDisposal.Length);
        Assert.Contains("Shutting down: not ready from now", linesAtDisposal[^1], StringComparison.Ordinal);
        Assert.Contains("After disposal", output.Lines()[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_that_throws_loses_its_batch_but_not_the_process_nor_later_lines()
    {
        using var output = new RecordingStream();
        using var provider = new PlatformConsoleLoggerProvider(output);
        var logger = provider.CreateLogger("Ideation.Tests");
        output.FailNextWrites(1);

        logger.LogInformation("Lost to a broken pipe");
        Assert.True(SpinWait.SpinUntil(() => provider.FailedWrites == 1, TimeSpan.FromMinutes(1)));
        logger.LogInformation("Written after the pipe recovered");
        provider.Dispose();

        var line = Assert.Single(output.Lines());
        Assert.Contains("Written after the pipe recovered", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Levels_from_configuration_apply_to_it_under_the_console_alias()
    {
        using var output = new RecordingStream();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:Console:LogLevel:Ideation.Quiet"] = "Warning",
        }).Build();
        // A provider added as an instance is not disposed with the factory: disposed here, which writes its lines.
        using (var provider = new PlatformConsoleLoggerProvider(output))
        using (var factory = LoggerFactory.Create(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddProvider(provider)))
        {
            factory.CreateLogger("Ideation.Quiet").LogInformation("Filtered out");
            factory.CreateLogger("Ideation.Quiet").LogWarning("Kept warning");
            factory.CreateLogger("Ideation.Loud").LogInformation("Kept information");
            factory.CreateLogger("Ideation.Loud").LogDebug("Below the default");
        }

        var messages = output.Lines().Select(text => JsonDocument.Parse(text).RootElement.GetProperty("Message").GetString());
        Assert.Equal(["Kept warning", "Kept information"], messages);
    }
}
