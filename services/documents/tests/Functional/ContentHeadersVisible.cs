namespace Ideation.Documents.Tests.Functional;

/// <summary>
/// .NET's HttpClient files Content-Disposition among the content headers, which Grpc.Net.Client
/// leaves out of a call's response metadata. This handler copies them into the response headers as
/// <see cref="Prefix"/> + name, so tests can see what the service sent (the gateway does the same).
/// </summary>
public sealed class ContentHeadersVisible() : DelegatingHandler(new SocketsHttpHandler())
{
    public const string Prefix = "x-content-header-";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        foreach (var (name, values) in response.Content.Headers.NonValidated)
        {
            response.Headers.TryAddWithoutValidation(Prefix + name.ToLowerInvariant(), values);
        }

        return response;
    }
}
