using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Ideation.Gateway.Hosting;
using Ideation.ServiceDefaults;
using Microsoft.Net.Http.Headers;

namespace Ideation.Gateway.Limits;

/// <summary>
/// Holds every request on the public ports to its client address's limit, and an authenticated one to
/// its user's limit too. It runs after authentication (which only reads the token) and before
/// authorization (which refuses a missing or bad one), so that refused requests count against their
/// address and guessing tokens is throttled like anything else. Liveness (/health) and the management
/// port are never limited: probes must not be refused.
/// </summary>
internal sealed class RateLimitMiddleware(RequestDelegate next, RateLimiter limiter, RateLimitOptions options, HostingOptions hosting)
{
    public const string Reason = "RATE_LIMITED";

    private readonly Gcra _userShared = Gcra.From(options.PerUser);
    private readonly Gcra _userLocal = Gcra.From(options.PerUser, options.LocalShare);
    private readonly Gcra _addressShared = Gcra.From(options.PerClientAddress);
    private readonly Gcra _addressLocal = Gcra.From(options.PerClientAddress, options.LocalShare);

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Connection.LocalPort == hosting.ManagementPort || context.Request.Path == ManagementEndpoints.HealthPath)
        {
            await next(context);
            return;
        }

        var keys = new List<LimitedKey>(2)
        {
            new(LimitKind.ClientAddress, $"{options.KeyPrefix}:a:{ClientAddress(context.Connection.RemoteIpAddress)}", _addressShared, _addressLocal),
        };
        if (context.User.Identity?.IsAuthenticated == true && context.User.FindFirst("sub")?.Value is { Length: > 0 } subject)
        {
            keys.Add(new(LimitKind.User, $"{options.KeyPrefix}:u:{subject}", _userShared, _userLocal));
        }

        var decision = await limiter.DecideAsync(keys);
        if (decision.Allowed)
        {
            await next(context);
            return;
        }

        await RefuseAsync(context, decision, decision.RefusedBy == LimitKind.User ? options.PerUser : options.PerClientAddress);
    }

    /// <summary>
    /// The address a client is counted by: IPv4 as is (IPv4-mapped IPv6 too), IPv6 by its /64, the
    /// smallest network a host is usually given, so that one host cannot rotate through its addresses.
    /// </summary>
    internal static string ClientAddress(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    private static Task RefuseAsync(HttpContext context, RateLimitDecision decision, RateLimit limit)
    {
        // Whole seconds, rounded up: a client that waits Retry-After is allowed.
        var seconds = Math.Max(1, (long)Math.Ceiling(decision.RetryAfter.TotalSeconds));
        var secondsText = seconds.ToString(CultureInfo.InvariantCulture);
        var (subject, who) = decision.RefusedBy == LimitKind.User ? ("user", "this user") : ("client-address", "this client address");
        var description = string.Create(CultureInfo.InvariantCulture,
            $"{limit.RequestsPerSecond} requests per second for {who}, in bursts of up to {limit.Burst}.");

        var status = RefusalResponse.Create(Code.ResourceExhausted, Reason,
            $"Too many requests for {who}; retry after {secondsText} s.",
            new Dictionary<string, string> { ["limit"] = subject, ["retryAfterSeconds"] = secondsText });
        status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds)) }));
        status.Details.Add(Any.Pack(new QuotaFailure { Violations = { new QuotaFailure.Types.Violation { Subject = subject, Description = description } } }));

        context.Response.Headers[HeaderNames.RetryAfter] = secondsText;
        return RefusalResponse.WriteAsync(context, status, StatusCodes.Status429TooManyRequests);
    }
}
