using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Ideation.Contracts.Ideas.V1;
using Ideation.Documents.Configuration;
using Ideation.Documents.Logging;
using Ideation.ServiceDefaults.Errors;
using Ideation.ServiceDefaults.Metrics;
using Ideation.ServiceDefaults.Resilience;
using Microsoft.Extensions.Options;

namespace Ideation.Documents.Ideas;

/// <summary>
/// Asks the ideas service for an idea, as the caller (their bearer token is forwarded), so that
/// documents follow exactly the ideas service's visibility rules: if GetIdea fails for the caller,
/// so does every read of the idea's documents. Each attempt has a deadline, never later than the
/// caller's own; UNAVAILABLE is retried with jittered backoff within a retry budget (GetIdea is a read),
/// a circuit breaker stops calling an ideas service that keeps failing, and a bulkhead bounds the calls
/// waiting on a slow one (<see cref="ResilientCalls"/>).
/// </summary>
public sealed class IdeaDirectory : IDisposable
{
    private readonly GrpcChannel channel;
    private readonly IdeaService.IdeaServiceClient client;
    private readonly ResilientCalls resilience;
    private readonly TimeSpan timeout;
    private readonly ILogger<IdeaDirectory> logger;

    public IdeaDirectory(IOptions<IdeasClientOptions> options, ILogger<IdeaDirectory> logger, ILoggerFactory? loggerFactory = null)
    {
        var settings = options.Value;
        this.logger = logger;
        timeout = settings.Timeout;
        channel = ServiceChannels.Create(settings.AllAddresses(), new GrpcChannelOptions(), loggerFactory);
        // Interceptors run last-added first: each attempt's deadline is capped by the caller's, then measured.
        client = new IdeaService.IdeaServiceClient(channel
            .Intercept(new GrpcClientMetricsInterceptor())
            .Intercept(new DeadlineClientInterceptor(settings.Timeout)));
        resilience = new ResilientCalls("ideas", settings.Resilience, idempotent: true);
    }

    /// <summary>
    /// The idea named <paramref name="ideaName"/> as the caller sees it. NOT_FOUND when it does not
    /// exist or the caller may not see it; UNAVAILABLE when the ideas service cannot answer.
    /// </summary>
    public async Task<Idea> GetAsync(string ideaName, string authorization, CancellationToken cancellationToken)
    {
        var request = new GetIdeaRequest { Name = ideaName };
        var headers = new Metadata { { "authorization", authorization } };
        try
        {
            return await resilience.ExecuteAsync(
                async token => await client.GetIdeaAsync(request, headers, DateTime.UtcNow.Add(timeout), token).ResponseAsync,
                cancellationToken,
                // The caller's deadline also bounds the wait for a bulkhead slot, not only each attempt.
                IncomingDeadline.Value);
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            throw RpcErrors.NotFound("Idea", ideaName);
        }
        catch (RpcException exception) when (exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            logger.IdeasUnavailable(exception.Status.Detail);
            throw Unavailable();
        }
    }

    public void Dispose()
    {
        resilience.Dispose();
        channel.Dispose();
    }

    private static RpcException Unavailable() =>
        RpcErrors.Unavailable("IDEAS_UNAVAILABLE",
            "The ideas service, which decides who may see and change an idea's documents, cannot be reached; retry in a few seconds.");
}
