namespace Ideation.Testing;

/// <summary>
/// The servers the test command (scripts/test.sh) starts once for the whole run, beside PostgreSQL
/// (<see cref="PostgresServer"/>). Tests share them, so each test names its own keys, buckets and
/// streams; a test that must stop or kill a server starts a <see cref="LocalServer"/> of its own.
/// </summary>
public static class SharedServers
{
    /// <summary>Redis, as <c>127.0.0.1:port</c>.</summary>
    public static string Redis => Read("IDEATION_TEST_REDIS", "Redis");

    /// <summary>The S3-compatible server, as <c>http://127.0.0.1:port</c>.</summary>
    public static string S3 => Read("IDEATION_TEST_S3", "the S3 server");

    /// <summary>clamd, as <c>127.0.0.1:port</c>, with a 20 MiB stream and file limit.</summary>
    public static string Clamd => Read("IDEATION_TEST_CLAMD", "clamd");

    /// <summary>The limit the test command gives the shared clamd: StreamMaxLength, MaxFileSize, MaxScanSize.</summary>
    public const int ClamdLimitBytes = 20 * 1024 * 1024;

    private static string Read(string variable, string server) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set. Run the tests with scripts/test.sh, which starts {server} and sets it.");
}
