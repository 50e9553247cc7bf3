using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using Ideation.Ideas.Paging;
using Ideation.Ideas.Validation;
using Ideation.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace Ideation.Ideas.Api;

public sealed partial class IdeaGrpcService
{
    private const int DefaultEventsPageSize = 50;
    private const int MaxEventsPageSize = 200;

    public override async Task<ListIdeaEventsResponse> ListIdeaEvents(ListIdeaEventsRequest request, ServerCallContext context)
    {
        var caller = CallerOf(context);
        var violations = new FieldViolations();
        var id = IdeaNames.Parse(request.Parent, "parent", violations);
        var pageSize = PageSize.Resolve(request.PageSize, DefaultEventsPageSize, MaxEventsPageSize, "page_size", violations);
        if (id is null)
        {
            throw violations.ToException();
        }

        var cursor = EventCursor.Read(request.PageToken, pageTokens, id.Value, "page_token", violations);
        // The history of a draft is as private as the draft.
        if (!await db.Ideas.VisibleTo(caller).AnyAsync(idea => idea.Id == id, context.CancellationToken))
        {
            throw NotFound(request.Parent);
        }

        violations.ThrowIfAny();
        var after = cursor?.Sequence ?? 0;
        var events = await db.IdeaEvents.AsNoTracking()
            .Where(e => e.IdeaId == id && e.Sequence > after)
            .OrderBy(e => e.Sequence)
            .Take(pageSize + 1)
            .ToListAsync(context.CancellationToken);

        var response = new ListIdeaEventsResponse();
        response.Events.AddRange(events.Take(pageSize).Select(e => e.ToProto()));
        if (events.Count > pageSize)
        {
            response.NextPageToken = new EventCursor(id.Value, events[pageSize - 1].Sequence).ToToken(pageTokens);
        }

        return response;
    }
}
