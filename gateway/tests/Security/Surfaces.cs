using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Ideation.Contracts.Documents.V1;
using Ideation.Contracts.Ideas.V1;
using Ideation.Testing;

namespace Ideation.Gateway.Tests.Security;

/// <summary>
/// The calls an attacker tries against a <see cref="Victim"/>, on each surface: REST through the
/// gateway, and gRPC (through the gateway, or straight to a service's own port). Each call reports
/// the answer it got, so that a test can check every call and name all that were not refused as expected.
/// </summary>
internal static class Surfaces
{
    /// <summary>An answer: the HTTP status (REST) or the gRPC code, the ErrorInfo reason, and the body or message for the failure report.</summary>
    public sealed record Answer(string Call, int Code, string Reason, string Text);

    public static async Task<List<Answer>> RestAsync(HttpClient client, Victim victim)
    {
        var calls = new (string Method, string Path, Func<HttpContent?> Body)[]
        {
            ("GET", "/v1/categories", () => null),
            ("GET", $"/v1/{victim.Idea}", () => null),
            ("GET", $"/v1/{victim.Idea}/events", () => null),
            ("GET", $"/v1/{victim.Document}", () => null),
            ("GET", $"/v1/{victim.Document}:download", () => null),
            ("POST", "/v1/ideas", () => Json("""{"title":"Planted idea","category":"other"}""")),
            ("PATCH", $"/v1/{victim.Idea}?updateMask=title", () => Json("""{"title":"Taken over"}""")),
            ("POST", $"/v1/{victim.Idea}:submit", () => Json("{}")),
            ("POST", $"/v1/{victim.Idea}:startReview", () => Json("{}")),
            ("DELETE", $"/v1/{victim.Idea}", () => null),
            ("DELETE", $"/v1/{victim.Document}", () => null),
            ("POST", $"/v1/{victim.Document}:rescan", () => Json("{}")),
            ("POST", $"/v1/{victim.Document}:release", () => Json("""{"reason":"trust me"}""")),
            ("POST", $"/v1/{victim.Idea}/documents?filename=planted.pdf", () => Pdf()),
        };

        var answers = new List<Answer>();
        foreach (var (method, path, body) in calls)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body() };
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            answers.Add(new Answer($"REST {method} {path}", (int)response.StatusCode, RestReason(text, response), text));
        }

        return answers;
    }

    /// <summary>Every public method on a channel (through the gateway, or the service's own port).</summary>
    public static async Task<List<Answer>> GrpcAsync(string surface, GrpcChannel ideasChannel, GrpcChannel documentsChannel, string token, Victim victim)
    {
        var headers = new Metadata { { "authorization", $"Bearer {token}" } };
        var ideas = new IdeaService.IdeaServiceClient(ideasChannel);
        var documents = new DocumentService.DocumentServiceClient(documentsChannel);
        var calls = new (string Name, Func<Task> Run)[]
        {
            ("ListCategories", () => ideas.ListCategoriesAsync(new ListCategoriesRequest(), headers).ResponseAsync),
            ("GetIdea", () => ideas.GetIdeaAsync(new GetIdeaRequest { Name = victim.Idea }, headers).ResponseAsync),
            ("ListIdeas", () => ideas.ListIdeasAsync(new ListIdeasRequest { Author = victim.Author.Id }, headers).ResponseAsync),
            ("CreateIdea", () => ideas.CreateIdeaAsync(new CreateIdeaRequest { Idea = new Idea { Title = "Planted idea", Category = "other" } }, headers).ResponseAsync),
            ("UpdateIdea", () => ideas.UpdateIdeaAsync(new UpdateIdeaRequest
            {
                Idea = new Idea { Name = victim.Idea, Title = "Taken over" },
                UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "title" } },
            }, headers).ResponseAsync),
            ("SubmitIdea", () => ideas.SubmitIdeaAsync(new SubmitIdeaRequest { Name = victim.Idea }, headers).ResponseAsync),
            ("DeleteIdea", () => ideas.DeleteIdeaAsync(new DeleteIdeaRequest { Name = victim.Idea }, headers).ResponseAsync),
            ("GetDocument", () => documents.GetDocumentAsync(new GetDocumentRequest { Name = victim.Document }, headers).ResponseAsync),
            ("DeleteDocument", () => documents.DeleteDocumentAsync(new DeleteDocumentRequest { Name = victim.Document }, headers).ResponseAsync),
            ("ReleaseDocument", () => documents.ReleaseDocumentAsync(new ReleaseDocumentRequest { Name = victim.Document, Reason = "trust me" }, headers).ResponseAsync),
            ("UploadDocument", () => UploadAsync(documents, headers, victim.Idea)),
        };

        var answers = new List<Answer>();
        foreach (var (name, run) in calls)
        {
            answers.Add(await GrpcAnswerAsync($"{surface} {name}", run));
        }

        return answers;
    }

    /// <summary>The scanner's side door into documents, reachable only on the service's own port: the most valuable target (a CLEAN verdict).</summary>
    public static Task<Answer> RecordCleanVerdictAsync(GrpcChannel documentsChannel, string token, Victim victim) =>
        GrpcAnswerAsync("gRPC documents ScanVerdictService.RecordVerdict", () => new ScanVerdictService.ScanVerdictServiceClient(documentsChannel).RecordVerdictAsync(
            new RecordVerdictRequest { Document = victim.Document, Generation = 1, Verdict = Document.Types.ScanState.Clean, ScannedBytes = 1 },
            new Metadata { { "authorization", $"Bearer {token}" } }).ResponseAsync);

    public static async Task<Answer> GrpcAnswerAsync(string call, Func<Task> run)
    {
        try
        {
            await run();
            return new Answer(call, (int)StatusCode.OK, "", "accepted");
        }
        catch (RpcException exception)
        {
            var reason = exception.GetRpcStatus()?.Details.Select(detail => detail.TryUnpack<ErrorInfo>(out var info) ? info.Reason : null).FirstOrDefault(r => r is not null);
            return new Answer(call, (int)exception.StatusCode, reason ?? "", exception.Status.Detail);
        }
    }

    /// <summary>A one-message upload; a refusal may come while the message is still being written.</summary>
    public static async Task UploadAsync(DocumentService.DocumentServiceClient client, Metadata headers, string idea)
    {
        using var call = client.UploadDocument(headers);
        try
        {
            await call.RequestStream.WriteAsync(new UploadDocumentRequest
            {
                Parent = idea,
                Filename = "planted.pdf",
                Chunk = new Google.Api.HttpBody { ContentType = "application/pdf", Data = ByteString.CopyFrom(TestFiles.Pdf("planted")) },
            });
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception exception) when (exception is RpcException or InvalidOperationException or IOException)
        {
            // Refused before the end of the stream: the response says why.
        }

        await call.ResponseAsync;
    }

    public static string RestReason(string text, HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return "";
        }

        try
        {
            return JsonNode.Parse(text)?["details"]?.AsArray()
                .FirstOrDefault(detail => detail?["@type"]?.GetValue<string>() == "type.googleapis.com/google.rpc.ErrorInfo")?["reason"]?.GetValue<string>() ?? "";
        }
        catch (System.Text.Json.JsonException)
        {
            return "";
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static ByteArrayContent Pdf()
    {
        var content = new ByteArrayContent(TestFiles.Pdf("planted"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return content;
    }
}
