namespace Ideation.Scanner.Clamd;

/// <summary>Where clamd listens and how long the client waits for it.</summary>
public sealed class ClamdOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 3310;

    /// <summary>Bytes per INSTREAM chunk; clamd accepts any size up to its StreamMaxLength.</summary>
    public int ChunkSize { get; set; } = 64 * 1024;

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest a single scan may take; a scan that takes longer is UNSCANNABLE, never clean.</summary>
    public TimeSpan ScanTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
