using System.Diagnostics;
using System.Text;

namespace Ideation.Backup.Postgres;

/// <summary>
/// A running pg_dump or pg_restore: its data stream, the end of what it wrote to standard error
/// (its error messages, for ours), and its exit. Killed when disposed before it ended.
/// </summary>
public sealed class ClientProcess : IAsyncDisposable
{
    /// <summary>Enough for pg_dump's and pg_restore's error messages without holding a flood of warnings.</summary>
    private const int ErrorTailLength = 4096;

    private readonly Process _process;
    private readonly Task _errorReader;
    private readonly StringBuilder _errorTail = new();

    internal ClientProcess(string program, Process process)
    {
        Program = program;
        _process = process;
        _errorReader = ReadErrorsAsync();
    }

    public string Program { get; }

    /// <summary>What the program writes (pg_dump's archive).</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>What the program reads (pg_restore's archive).</summary>
    public Stream Input => _process.StandardInput.BaseStream;

    /// <summary>Tells the program its input has ended.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>The last lines the program wrote to standard error, trimmed.</summary>
    public string ErrorTail
    {
        get
        {
            lock (_errorTail)
            {
                return _errorTail.ToString().Trim();
            }
        }
    }

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        await _errorReader;
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        await _errorReader;
        _process.Dispose();
    }

    private async Task ReadErrorsAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            lock (_errorTail)
            {
                _errorTail.AppendLine(line);
                if (_errorTail.Length > ErrorTailLength)
                {
                    _errorTail.Remove(0, _errorTail.Length - ErrorTailLength);
                }
            }
        }
    }
}
