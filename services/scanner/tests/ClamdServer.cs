using Ideation.Scanner.Clamd;

namespace Ideation.Scanner.Tests;

/// <summary>The real clamd the test command starts (scripts/test.sh), reached through IDEATION_TEST_CLAMD.</summary>
public static class ClamdServer
{
    public const string EnvironmentVariable = "IDEATION_TEST_CLAMD";

    /// <summary>The limit the test command gives clamd: StreamMaxLength, MaxFileSize and MaxScanSize.</summary>
    public const int LimitBytes = 20 * 1024 * 1024;

    public static ClamdOptions Options()
    {
        var address = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{EnvironmentVariable} is not set. Run the tests with scripts/test.sh, which starts clamd and sets it.");
        var (host, port) = address.Split(':') is [var h, var p] ? (h, int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)) : throw new FormatException(address);
        return new ClamdOptions { Host = host, Port = port };
    }
}
