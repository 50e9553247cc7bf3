using Ideation.ServiceDefaults.Identity;

namespace Ideation.Scanner.Jobs;

/// <summary>
/// The scanner's own bearer token for documents' ScanVerdictService: subject <c>service:scanner</c>,
/// role <c>scanner</c>, minted with the platform's signing key. Short-lived, so a leaked one soon
/// dies; renewed at half its lifetime, so a call never carries one about to expire.
/// </summary>
public sealed class ServiceToken(TokenOptions options, TimeProvider clock)
{
    public const string Subject = "service:scanner";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly Lock _lock = new();
    private string? _token;
    private DateTimeOffset _renewAt;

    public string Current()
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            if (_token is null || now >= _renewAt)
            {
                _token = TokenIssuer.Issue(options, Subject, "Scanner service", [Roles.Scanner], Lifetime, now.UtcDateTime);
                _renewAt = now + Lifetime / 2;
            }

            return _token;
        }
    }
}
