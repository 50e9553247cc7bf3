using System.Net.Http.Headers;
using System.Text;
using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Contracts.Ideas.V1;
using Ideation.Testing;

namespace Ideation.Gateway.Tests.Security;

/// <summary>
/// One public method called on a victim's idea or document, as REST (method, path, body) and as
/// native gRPC, so that an access rule is checked on both surfaces with the same table.
/// </summary>
internal sealed record Attempt(string Name, string Method, string Path, Func<HttpContent?> Body, Func<Attempt.Clients, Metadata, Task> Grpc)
{
    public sealed record Clients(IdeaService.IdeaServiceClient Ideas, DocumentService.DocumentServiceClient Documents);

    /// <summary>The idea's own methods that change it: its author's (or an admin's).</summary>
    public static Attempt[] AuthorActions(string idea) =>
    [
        new("UpdateIdea", "PATCH", $"/v1/{idea}?updateMask=title", () => Json("""{"title":"Taken over"}"""),
            (c, h) => c.Ideas.UpdateIdeaAsync(new UpdateIdeaRequest
            {
                Idea = new Idea { Name = idea, Title = "Taken over" },
                UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "title" } },
            }, h).ResponseAsync),
        new("DeleteIdea", "DELETE", $"/v1/{idea}", () => null, (c, h) => c.Ideas.DeleteIdeaAsync(new DeleteIdeaRequest { Name = idea }, h).ResponseAsync),
        new("SubmitIdea", "POST", $"/v1/{idea}:submit", () => Json("{}"), (c, h) => c.Ideas.SubmitIdeaAsync(new SubmitIdeaRequest { Name = idea }, h).ResponseAsync),
        new("WithdrawIdea", "POST", $"/v1/{idea}:withdraw", () => Json("{}"), (c, h) => c.Ideas.WithdrawIdeaAsync(new WithdrawIdeaRequest { Name = idea }, h).ResponseAsync),
        new("UploadDocument", "POST", $"/v1/{idea}/documents?filename=planted.pdf", Pdf, (c, h) => Surfaces.UploadAsync(c.Documents, h, idea)),
    ];

    public static Attempt[] ReviewerActions(string idea) =>
    [
        new("StartReview", "POST", $"/v1/{idea}:startReview", () => Json("{}"), (c, h) => c.Ideas.StartReviewAsync(new StartReviewRequest { Name = idea }, h).ResponseAsync),
        new("ApproveIdea", "POST", $"/v1/{idea}:approve", () => Json("{}"), (c, h) => c.Ideas.ApproveIdeaAsync(new ApproveIdeaRequest { Name = idea }, h).ResponseAsync),
        new("RejectIdea", "POST", $"/v1/{idea}:reject", () => Json("""{"reason":"no"}"""),
            (c, h) => c.Ideas.RejectIdeaAsync(new RejectIdeaRequest { Name = idea, Reason = "no" }, h).ResponseAsync),
        new("ImplementIdea", "POST", $"/v1/{idea}:implement", () => Json("{}"), (c, h) => c.Ideas.ImplementIdeaAsync(new ImplementIdeaRequest { Name = idea }, h).ResponseAsync),
    ];

    public static Attempt[] IdeaReads(string idea) =>
    [
        new("GetIdea", "GET", $"/v1/{idea}", () => null, (c, h) => c.Ideas.GetIdeaAsync(new GetIdeaRequest { Name = idea }, h).ResponseAsync),
        new("ListIdeaEvents", "GET", $"/v1/{idea}/events", () => null, (c, h) => c.Ideas.ListIdeaEventsAsync(new ListIdeaEventsRequest { Parent = idea }, h).ResponseAsync),
        new("ListDocuments", "GET", $"/v1/{idea}/documents", () => null, (c, h) => c.Documents.ListDocumentsAsync(new ListDocumentsRequest { Parent = idea }, h).ResponseAsync),
    ];

    public static Attempt[] DocumentReads(string document) =>
    [
        new("GetDocument", "GET", $"/v1/{document}", () => null, (c, h) => c.Documents.GetDocumentAsync(new GetDocumentRequest { Name = document }, h).ResponseAsync),
        new("DownloadDocument", "GET", $"/v1/{document}:download", () => null, async (c, h) =>
        {
            using var call = c.Documents.DownloadDocument(new DownloadDocumentRequest { Name = document }, h);
            await foreach (var _ in call.ResponseStream.ReadAllAsync())
            {
            }
        }),
        new("CreateDownloadUrl", "POST", $"/v1/{document}:createDownloadUrl", () => Json("{}"),
            (c, h) => c.Documents.CreateDownloadUrlAsync(new CreateDownloadUrlRequest { Name = document }, h).ResponseAsync),
    ];

    public static Attempt DeleteDocument(string document) =>
        new("DeleteDocument", "DELETE", $"/v1/{document}", () => null, (c, h) => c.Documents.DeleteDocumentAsync(new DeleteDocumentRequest { Name = document }, h).ResponseAsync);

    public static Attempt[] AdminDocumentActions(string document) =>
    [
        new("RescanDocument", "POST", $"/v1/{document}:rescan", () => Json("{}"), (c, h) => c.Documents.RescanDocumentAsync(new RescanDocumentRequest { Name = document }, h).ResponseAsync),
        new("ReleaseDocument", "POST", $"/v1/{document}:release", () => Json("""{"reason":"trust me"}"""),
            (c, h) => c.Documents.ReleaseDocumentAsync(new ReleaseDocumentRequest { Name = document, Reason = "trust me" }, h).ResponseAsync),
    ];

    /// <summary>Every public method that names this idea or document.</summary>
    public static Attempt[] Everything(Victim victim) =>
        [.. IdeaReads(victim.Idea), .. AuthorActions(victim.Idea), .. ReviewerActions(victim.Idea), .. DocumentReads(victim.Document),
            DeleteDocument(victim.Document), .. AdminDocumentActions(victim.Document)];

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static ByteArrayContent Pdf()
    {
        var content = new ByteArrayContent(TestFiles.Pdf("planted"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return content;
    }
}
