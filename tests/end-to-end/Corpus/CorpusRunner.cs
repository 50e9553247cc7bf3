using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Ideation.Testing;

namespace Ideation.EndToEnd.Tests.Corpus;

/// <summary>
/// Sends corpus cases on each surface and judges the answers: the expected class, never a 5xx,
/// INTERNAL or UNKNOWN; a refusal is a google.rpc.Status (JSON through REST) whose BadRequest names the
/// case's fields; a success answers correctly (the case's titles, when it names them).
/// </summary>
public sealed class CorpusRunner : IDisposable
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(bytes => bytes, bytes => bytes);
    private static readonly FileDescriptor[] Contracts =
    [
        Ideation.Contracts.Ideas.V1.IdeasReflection.Descriptor,
        Ideation.Contracts.Documents.V1.DocumentsReflection.Descriptor,
    ];

    private readonly Platform _platform;
    private readonly CorpusSeed _seed;
    private readonly GrpcChannel _gateway;
    private readonly GrpcChannel _ideas;
    private readonly GrpcChannel _documents;
    private readonly Dictionary<string, HttpClient> _rest = [];

    public CorpusRunner(Platform platform, CorpusSeed seed)
    {
        _platform = platform;
        _seed = seed;
        _gateway = TestChannels.ForAddress(platform.GatewayAddress, new GrpcChannelOptions
        {
            HttpHandler = platform.Certificate.CreateHandler(),
            MaxSendMessageSize = null,
            MaxReceiveMessageSize = null,
        });
        _ideas = TestChannels.ForAddress($"http://127.0.0.1:{platform.IdeasServicePort}", new GrpcChannelOptions { MaxSendMessageSize = null, MaxReceiveMessageSize = null });
        _documents = TestChannels.ForAddress($"http://127.0.0.1:{platform.DocumentsServicePort}", new GrpcChannelOptions { MaxSendMessageSize = null, MaxReceiveMessageSize = null });
    }

    /// <summary>Sends the case on the surface; returns what is wrong with the answer, or null.</summary>
    public async Task<string?> RunAsync(CorpusCase corpusCase, Surface surface)
    {
        try
        {
            return surface == Surface.Rest ? await RestAsync(corpusCase) : await GrpcAsync(corpusCase, surface);
        }
        catch (Exception exception) when (exception is not InvalidDataException)
        {
            return $"the call failed in the client: {exception.GetType().Name}: {exception.Message}";
        }
    }

    public void Dispose()
    {
        _gateway.Dispose();
        _ideas.Dispose();
        _documents.Dispose();
        foreach (var client in _rest.Values)
        {
            client.Dispose();
        }
    }

    private string Token(CorpusCase corpusCase) => corpusCase.As switch
    {
        "submitter" => TestIdentity.Submitter(CorpusSeed.Author),
        "reviewer" => TestIdentity.Reviewer("corpus-reviewer"),
        "admin" => TestIdentity.Admin("corpus-admin"),
        var other => throw new InvalidDataException($"{corpusCase}: unknown role '{other}'"),
    };

    private async Task<string?> RestAsync(CorpusCase corpusCase)
    {
        var rest = corpusCase.Rest!;
        var input = new CorpusInput(_seed.Placeholders);
        var token = Token(corpusCase);
        if (!_rest.TryGetValue(token, out var client))
        {
            _rest[token] = client = _platform.RestClient(token);
        }

        using var request = new HttpRequestMessage(new HttpMethod((string)rest["method"]!), input.Text(rest["path"]!));
        byte[]? body = rest["body"] is { } json ? input.Bytes(input.Expand(json)!.ToJsonString())
            : rest["bodyText"] is { } text ? input.Bytes(input.Text(text))
            : null;
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", (string?)rest["contentType"] ?? "application/json");
        }

        using var response = await client.SendAsync(request);
        var expected = corpusCase.Expected(Surface.Rest);
        var status = (int)response.StatusCode;
        var content = await response.Content.ReadAsStringAsync();
        if (status != expected.HttpStatus)
        {
            return $"HTTP {status} instead of {expected.HttpStatus} ({expected.Name}): {Shorten(content)}";
        }

        if (!expected.StatusInBody)
        {
            return null;
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return $"HTTP {status} with Content-Type {response.Content.Headers.ContentType} instead of JSON";
        }

        JsonObject answer;
        try
        {
            answer = JsonNode.Parse(content) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException exception)
        {
            return $"HTTP {status} with a body that is not a JSON object ({exception.Message}): {Shorten(content)}";
        }

        if (expected == Outcome.Ok)
        {
            return CheckTitles(corpusCase, answer);
        }

        if ((int?)answer["code"] != (int)expected.Code || string.IsNullOrWhiteSpace((string?)answer["message"]))
        {
            return $"HTTP {status} whose status is not code {(int)expected.Code} with a message: {Shorten(content)}";
        }

        var violations = (answer["details"] as JsonArray ?? [])
            .Where(d => ((string?)d?["@type"])?.EndsWith("/google.rpc.BadRequest", StringComparison.Ordinal) == true)
            .SelectMany(d => d!["fieldViolations"] as JsonArray ?? [])
            .Select(v => (string?)v?["field"] ?? "")
            .ToList();
        return MissingFields(corpusCase, Surface.Rest, violations, content);
    }

    private async Task<string?> GrpcAsync(CorpusCase corpusCase, Surface surface)
    {
        var (service, method) = FindMethod(corpusCase);
        var channel = surface == Surface.GrpcGateway ? _gateway
            : service.File == Ideation.Contracts.Ideas.V1.IdeasReflection.Descriptor ? _ideas : _documents;
        var messages = RequestMessages(corpusCase, method);
        var type = method.IsClientStreaming ? MethodType.ClientStreaming : method.IsServerStreaming ? MethodType.ServerStreaming : MethodType.Unary;
        var grpcMethod = new Method<byte[], byte[]>(type, service.FullName, method.Name, Bytes, Bytes);
        var options = new CallOptions(new Metadata { { "authorization", "Bearer " + Token(corpusCase) } }, DateTime.UtcNow.AddMinutes(1));
        var invoker = channel.CreateCallInvoker();
        var expected = corpusCase.Expected(surface);
        var responses = new List<byte[]>();
        try
        {
            switch (type)
            {
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(grpcMethod, null, options))
                    {
                        try
                        {
                            foreach (var message in messages)
                            {
                                await call.RequestStream.WriteAsync(message);
                            }

                            await call.RequestStream.CompleteAsync();
                        }
                        catch (RpcException)
                        {
                            // The service answered before the stream ended: its status is in the response.
                        }

                        responses.Add(await call.ResponseAsync);
                    }

                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(grpcMethod, null, options, messages.Single()))
                    {
                        while (await call.ResponseStream.MoveNext(CancellationToken.None))
                        {
                            responses.Add(call.ResponseStream.Current);
                        }
                    }

                    break;
                default:
                    using (var call = invoker.AsyncUnaryCall(grpcMethod, null, options, messages.Single()))
                    {
                        responses.Add(await call.ResponseAsync);
                    }

                    break;
            }
        }
        catch (RpcException exception)
        {
            if (exception.StatusCode != expected.Code)
            {
                return $"{exception.StatusCode} instead of {expected.Code} ({expected.Name}): {exception.Status.Detail}";
            }

            if (string.IsNullOrWhiteSpace(exception.Status.Detail))
            {
                return $"{exception.StatusCode} without a message";
            }

            var details = exception.Trailers.GetValueBytes("grpc-status-details-bin");
            var status = details is null ? null : Google.Rpc.Status.Parser.ParseFrom(details);
            if (status is not null && status.Code != (int)expected.Code)
            {
                return $"{exception.StatusCode} whose google.rpc.Status says code {status.Code}";
            }

            var violations = status?.Details.Where(d => d.Is(BadRequest.Descriptor))
                .SelectMany(d => d.Unpack<BadRequest>().FieldViolations).Select(v => v.Field).ToList() ?? [];
            return MissingFields(corpusCase, surface, violations, exception.Status.Detail);
        }

        if (expected != Outcome.Ok)
        {
            return $"OK instead of {expected.Code} ({expected.Name})";
        }

        var answer = JsonNode.Parse(JsonFormatter.Default.Format(method.OutputType.Parser.ParseFrom(responses[0]))) as JsonObject;
        return CheckTitles(corpusCase, answer!);
    }

    private List<byte[]> RequestMessages(CorpusCase corpusCase, MethodDescriptor method)
    {
        if (corpusCase.GrpcHex is { } hex)
        {
            return [Convert.FromHexString(hex)];
        }

        var input = new CorpusInput(_seed.Placeholders);
        List<JsonNode?> messages = corpusCase.GrpcStream is { } stream ? [.. stream] : [corpusCase.Grpc];
        var parser = new JsonParser(JsonParser.Settings.Default.WithTypeRegistry(TypeRegistry.FromFiles(Contracts)));
        return messages
            .Select(message => input.WithRawBytes(parser.Parse(input.Expand(message)!.ToJsonString(), method.InputType).ToByteArray()))
            .ToList();
    }

    private static (ServiceDescriptor Service, MethodDescriptor Method) FindMethod(CorpusCase corpusCase)
    {
        var parts = corpusCase.Rpc.Split('/');
        var service = Contracts.SelectMany(file => file.Services).SingleOrDefault(s => s.FullName == parts[0])
            ?? throw new InvalidDataException($"{corpusCase}: no service {parts[0]}");
        var method = service.FindMethodByName(parts.ElementAtOrDefault(1) ?? "")
            ?? throw new InvalidDataException($"{corpusCase}: {service.FullName} has no method {parts.ElementAtOrDefault(1)}");
        return (service, method);
    }

    private string? CheckTitles(CorpusCase corpusCase, JsonObject answer)
    {
        if (corpusCase.Titles is not { } expected)
        {
            return null;
        }

        var listed = (answer["ideas"] as JsonArray ?? []).Select(idea => (string?)idea?["title"] ?? "")
            .Where(_seed.Titles.Contains).Order(StringComparer.Ordinal).ToList();
        var wanted = expected.Order(StringComparer.Ordinal).ToList();
        return listed.SequenceEqual(wanted)
            ? null
            : $"listed [{string.Join(" | ", listed)}] instead of [{string.Join(" | ", wanted)}]";
    }

    private static string? MissingFields(CorpusCase corpusCase, Surface surface, IReadOnlyList<string> violations, string context)
    {
        var missing = corpusCase.Fields(surface).Where(field => !violations.Contains(field)).ToList();
        return missing.Count == 0
            ? null
            : $"the BadRequest does not name {string.Join(", ", missing)} (it names [{string.Join(", ", violations)}]): {Shorten(context)}";
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
