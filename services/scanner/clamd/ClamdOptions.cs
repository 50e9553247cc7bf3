namespace Ideation.Scanner.Clamd;

/// <summary>Where clamd listens and how long the client waits for it.</summary>
public sealed class ClamdOptions
{
    /// <summary>One clamd; ignored when <see cref="Endpoints"/> lists any.</summary>
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 3310;

    /// <summary>Several clamd daemons as <c>host:port</c>, used as one pool (see <see cref="ClamdPool"/>).</summary>
    public List<string> Endpoints { get; set; } = [];

    /// <summary>Bytes per INSTREAM chunk; clamd accepts any size up to its StreamMaxLength.</summary>
    public int ChunkSize { get; set; } = 64 * 1024;

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest a single scan may take; a scan that takes longer is UNSCANNABLE, never clean.</summary>
    public TimeSpan ScanTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The configured daemons: <see cref="Endpoints"/>, or the single <see cref="Host"/> and <see cref="Port"/>.</summary>
    public IReadOnlyList<ClamdOptions> PerEndpoint()
    {
        if (Endpoints.Count == 0)
        {
            return [this];
        }

        return Endpoints.Select(endpoint =>
        {
            var separator = endpoint.LastIndexOf(':');
            if (separator <= 0 || !int.TryParse(endpoint.AsSpan(separator + 1), System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                throw new InvalidOperationException($"Scanner:Clamd:Endpoints entry '{endpoint}' is not host:port.");
            }

            return new ClamdOptions
            {
                Host = endpoint[..separator],
                Port = port,
                ChunkSize = ChunkSize,
                ConnectTimeout = ConnectTimeout,
                ScanTimeout = ScanTimeout,
            };
        }).ToList();
    }
}
