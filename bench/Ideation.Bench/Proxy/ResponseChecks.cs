using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Ideation.Bench.Harness;
using Ideation.Contracts.Ideas.V1;

namespace Ideation.Bench.Proxy;

/// <summary>
/// Real clients through each path before anything is measured: h2load counts HTTP 200 only, and a gRPC
/// error travels with 200, so each gRPC path must answer grpc-status 0 with the seeded idea, and each
/// REST path 200 with its JSON. The sizes found here are what every load run's DATA bytes are checked against.
/// </summary>
internal sealed class ResponseChecks(DevCertificate certificate, IdeasBackend backend, string token)
{
    /// <summary>GetIdea through <paramref name="address"/> with Grpc.Net.Client: fails unless OK and the same idea as straight from the service.</summary>
    public async Task CheckGrpcAsync(string name, Uri address)
    {
        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = TrustingOnlyTheCertificate() });
        var call = new IdeaService.IdeaServiceClient(channel).GetIdeaAsync(new GetIdeaRequest { Name = backend.Idea.Name }, backend.Authorization);
        var idea = await call;
        if (call.GetStatus().StatusCode != StatusCode.OK || !idea.Equals(backend.Idea))
        {
            throw new InvalidOperationException($"GetIdea through {name} did not return the seeded idea with grpc-status 0.");
        }
    }

    /// <summary>GET /v1/ideas/{id} over HTTP/2: fails unless 200 with the idea's name; returns the body's length in bytes.</summary>
    public async Task<long> CheckRestAsync(string name, Uri address)
    {
        using var client = new HttpClient(TrustingOnlyTheCertificate())
        {
            BaseAddress = address,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.GetAsync(RestPath);
        var body = await response.Content.ReadAsByteArrayAsync();
        using var json = JsonDocument.Parse(body);
        if (response.StatusCode != HttpStatusCode.OK || json.RootElement.GetProperty("name").GetString() != backend.Idea.Name)
        {
            throw new InvalidOperationException($"GET {RestPath} through {name} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        }

        return body.Length;
    }

    /// <summary>The REST path of GetIdea (google.api.http get: "/v1/{name=ideas/*}").</summary>
    public string RestPath => "/v1/" + backend.Idea.Name;

    private SocketsHttpHandler TrustingOnlyTheCertificate()
    {
        var expected = X509CertificateLoader.LoadCertificateFromFile(certificate.CertificatePath).GetCertHashString();
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == expected,
            },
        };
    }
}
