using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using Ideation.Ideas.Caching;
using Ideation.Ideas.Configuration;
using Ideation.Ideas.Paging;
using Ideation.Ideas.Persistence;
using Ideation.Ideas.Validation;
using Ideation.ServiceDefaults.Errors;
using Ideation.ServiceDefaults.Identity;
using Ideation.ServiceDefaults.Paging;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ideation.Ideas.Api;

/// <summary>
/// The gRPC IdeaService. One partial file per group of methods. Every method answers in the same
/// order, so that no answer tells more than the caller may know: NOT_FOUND (missing or invisible),
/// PERMISSION_DENIED, INVALID_ARGUMENT, ABORTED (stale etag), FAILED_PRECONDITION (state).
/// </summary>
[Authorize]
public sealed partial class IdeaGrpcService(
    IdeasDbContext db,
    IdeaCache cache,
    IOptions<IdeasOptions> options,
    PageTokenProtector pageTokens,
    TimeProvider clock,
    ILogger<IdeaGrpcService> logger) : IdeaService.IdeaServiceBase
{
    private readonly IdeaValidator validator = new(options.Value.CategoryIds());

    public override Task<ListCategoriesResponse> ListCategories(ListCategoriesRequest request, ServerCallContext context)
    {
        var response = new ListCategoriesResponse();
        response.Categories.AddRange(options.Value.Categories.Select(category =>
            new Category { Id = category.Id, DisplayName = category.DisplayName }));
        return Task.FromResult(response);
    }

    public override async Task<Idea> GetIdea(GetIdeaRequest request, ServerCallContext context)
    {
        var caller = CallerOf(context);
        var violations = new FieldViolations();
        var id = IdeaNames.Parse(request.Name, "name", violations);
        violations.ThrowIfAny();

        // One primary-key read, from the cache when it is on; either holds the row whoever asked,
        // and who may see it is decided here, for every caller.
        var idea = cache.Enabled
            ? await cache.GetOrLoadAsync(id!.Value, cancellationToken => IdeaQueries.ById(db, id.Value, cancellationToken), context.CancellationToken)
            : (await IdeaQueries.ById(db, id!.Value, context.CancellationToken))?.ToProto();
        return idea is not null && caller.CanSee(idea) ? idea : throw NotFound(request.Name);
    }

    private static Caller CallerOf(ServerCallContext context) => Caller.From(context.GetHttpContext().User);

    private static RpcException NotFound(string name) => RpcErrors.NotFound("Idea", name);

    /// <summary>PostgreSQL keeps microseconds: truncating first makes the answer equal what a later read returns.</summary>
    private DateTime Now()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
