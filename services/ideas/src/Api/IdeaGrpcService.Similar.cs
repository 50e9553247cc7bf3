using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using Ideation.Ideas.Domain;
using Ideation.Ideas.Paging;
using Ideation.Ideas.Persistence;
using Ideation.Ideas.Validation;
using Ideation.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Ideation.Ideas.Api;

public sealed partial class IdeaGrpcService
{
    private const int MaxSimilarIdeas = 10;

    public override async Task<FindSimilarIdeasResponse> FindSimilarIdeas(FindSimilarIdeasRequest request, ServerCallContext context)
    {
        var caller = CallerOf(context);
        var violations = new FieldViolations();
        var title = request.Title.Trim();
        if (Characters.Count(title) > IdeaValidator.MaxTitleLength)
        {
            violations.Add("title", $"Shorten the title to at most {IdeaValidator.MaxTitleLength} characters; it has {Characters.Count(title)}.");
        }

        if (Characters.Count(request.Description) > IdeaValidator.MaxDescriptionLength)
        {
            violations.Add("description", $"Shorten the description to at most {IdeaValidator.MaxDescriptionLength} characters; it has {Characters.Count(request.Description)}.");
        }

        var limit = PageSize.Resolve(request.PageSize, MaxSimilarIdeas, MaxSimilarIdeas, "page_size", violations);
        violations.ThrowIfAny();

        var response = new FindSimilarIdeasResponse();
        var words = SimilarityQuery.From(title, request.Description);
        if (title.Length == 0 && words.Length == 0)
        {
            return response;
        }

        // Candidates come from the two GIN indexes (trigram title match OR any shared word); the score
        // is the title similarity, raised towards 1 by the full-text rank (normalised to 0..1).
        // Drafts of others never appear, not even for admins: a suggestion must be something the
        // author can go and read.
        var suggestions = await db.Ideas.AsNoTracking()
            .Where(idea => idea.State != IdeaState.Draft || idea.Author == caller.UserId)
            .Where(idea => EF.Functions.TrigramsAreSimilar(idea.Title, title)
                || EF.Property<NpgsqlTsVector>(idea, IdeasDbContext.SearchVector)
                    .Matches(EF.Functions.WebSearchToTsQuery(IdeasDbContext.TextSearchConfiguration, words)))
            .SelectReadable(idea => EF.Functions.TrigramsSimilarity(idea.Title, title)
                + (1 - EF.Functions.TrigramsSimilarity(idea.Title, title))
                * EF.Property<NpgsqlTsVector>(idea, IdeasDbContext.SearchVector)
                    .Rank(EF.Functions.WebSearchToTsQuery(IdeasDbContext.TextSearchConfiguration, words), NpgsqlTsRankingNormalization.DivideByItselfPlusOne))
            .OrderByDescending(row => row.Key)
            .ThenByDescending(row => row.Idea.CreateTime)
            .Take(limit)
            .ToListAsync(context.CancellationToken);

        response.SimilarIdeas.AddRange(suggestions.Select(row => new SimilarIdea { Idea = row.Idea.ToProto(), Score = Math.Round(row.Key, 4) }));
        return response;
    }
}
