namespace Ideation.Scanner.Clamd;

/// <summary>
/// The configured clamd daemons as one scanner: each scan goes to the next one, in turn, that answers
/// PING, so a daemon that is down (restarting, reloading signatures, gone) is passed over. A scan that
/// fails on its daemon is not moved mid-stream: its content has been read; the caller retries, and the
/// retry picks again.
/// </summary>
public sealed class ClamdPool
{
    private readonly ClamdClient[] _clients;
    private int _turn = -1;

    public ClamdPool(ClamdOptions options)
    {
        _clients = options.PerEndpoint().Select(endpoint => new ClamdClient(endpoint)).ToArray();
    }

    /// <summary>Every daemon, in the order configured.</summary>
    public IReadOnlyList<ClamdClient> Daemons => _clients;

    /// <summary>Every daemon, as <c>host:port</c>, for messages.</summary>
    public string Endpoints => string.Join(", ", _clients.Select(client => client.Endpoint));

    /// <summary>The next daemon in turn that answers PING; null when none does.</summary>
    public async Task<ClamdClient?> PickAsync(CancellationToken cancellationToken)
    {
        var last = Volatile.Read(ref _turn);
        for (var i = 1; i <= _clients.Length; i++)
        {
            var index = (int)((uint)(last + i) % (uint)_clients.Length);
            if (await _clients[index].PingAsync(cancellationToken))
            {
                // The turn goes on from the one picked, so daemons that answer share the work evenly
                // (two picks at the same instant may land on the same daemon, which scans both at once).
                Volatile.Write(ref _turn, index);
                return _clients[index];
            }
        }

        return null;
    }

    /// <summary>Whether any daemon answers PING: readiness, and whether scans may be claimed at all.</summary>
    public async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        foreach (var client in _clients)
        {
            if (await client.PingAsync(cancellationToken))
            {
                return true;
            }
        }

        return false;
    }
}
