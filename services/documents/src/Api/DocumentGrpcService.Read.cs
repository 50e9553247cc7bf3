using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Documents.Paging;
using Ideation.Documents.Validation;
using Ideation.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace Ideation.Documents.Api;

public sealed partial class DocumentGrpcService
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public override async Task<Document> GetDocument(GetDocumentRequest request, ServerCallContext context)
    {
        var (_, document) = await FindAsync(request.Name, context);
        return document.ToProto();
    }

    /// <summary>Oldest first; keyset pagination on (create_time, id), which the listing index serves.</summary>
    public override async Task<ListDocumentsResponse> ListDocuments(ListDocumentsRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var ideaId = DocumentNames.ParseIdea(request.Parent, "parent", violations);
        violations.ThrowIfAny();

        await ideas.GetAsync(request.Parent, Authorization(context), context.CancellationToken);
        var pageSize = ResolvePageSize(request.PageSize, violations);
        var cursor = DocumentCursor.Read(request.PageToken, pageTokens, ideaId!.Value, "page_token", violations);
        violations.ThrowIfAny();

        var query = db.Documents.AsNoTracking().Where(d => d.IdeaId == ideaId.Value);
        if (cursor is { } after)
        {
            query = query.Where(d => EF.Functions.GreaterThan(ValueTuple.Create(d.CreateTime, d.Id), ValueTuple.Create(after.CreateTime, after.DocumentId)));
        }

        var page = await query.OrderBy(d => d.CreateTime).ThenBy(d => d.Id).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var response = new ListDocumentsResponse();
        response.Documents.AddRange(page.Take(pageSize).Select(d => d.ToProto()));
        if (page.Count > pageSize)
        {
            var last = page[pageSize - 1];
            response.NextPageToken = new DocumentCursor(ideaId.Value, last.CreateTime, last.Id).ToToken(pageTokens);
        }

        return response;
    }

    /// <summary>AIP-158: unset means the default, too large is capped, negative is refused.</summary>
    private static int ResolvePageSize(int requested, FieldViolations violations)
    {
        if (requested < 0)
        {
            violations.Add("page_size", $"Give a page size of 0 or more (0 means {DefaultPageSize}, more than {MaxPageSize} means {MaxPageSize}); it is {requested}.");
            return DefaultPageSize;
        }

        return requested == 0 ? DefaultPageSize : Math.Min(requested, MaxPageSize);
    }
}
