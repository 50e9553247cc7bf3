using System.Linq.Expressions;

namespace Ideation.Ideas.Persistence;

/// <summary>
/// Reads of ideas select every column except the search vector: it is about as large as the
/// description and only the database needs it. (Mapping it as an entity column would make EF read it.)
/// </summary>
internal static class IdeaColumns
{
    internal static readonly Expression<Func<IdeaRecord, IdeaRecord>> Readable = idea => new IdeaRecord
    {
        Id = idea.Id,
        Title = idea.Title,
        Description = idea.Description,
        Category = idea.Category,
        Tags = idea.Tags,
        State = idea.State,
        Author = idea.Author,
        AuthorDisplayName = idea.AuthorDisplayName,
        CreateTime = idea.CreateTime,
        UpdateTime = idea.UpdateTime,
        SubmitTime = idea.SubmitTime,
        DecisionReason = idea.DecisionReason,
        RequestId = idea.RequestId,
        Version = idea.Version,
    };

    public static IQueryable<IdeaRecord> SelectReadable(this IQueryable<IdeaRecord> ideas) => ideas.Select(Readable);

    /// <summary>
    /// Projects each idea together with a computed sort key (a rank, a score), in one SQL query,
    /// so that later Where/OrderBy clauses can use both.
    /// </summary>
    public static IQueryable<Keyed<TKey>> SelectReadable<TKey>(this IQueryable<IdeaRecord> ideas, Expression<Func<IdeaRecord, TKey>> key)
    {
        var idea = Expression.Parameter(typeof(IdeaRecord), "idea");
        var body = Expression.MemberInit(
            Expression.New(typeof(Keyed<TKey>)),
            Expression.Bind(typeof(Keyed<TKey>).GetProperty(nameof(Keyed<TKey>.Idea))!, Replace(Readable, idea)),
            Expression.Bind(typeof(Keyed<TKey>).GetProperty(nameof(Keyed<TKey>.Key))!, Replace(key, idea)));
        return ideas.Select(Expression.Lambda<Func<IdeaRecord, Keyed<TKey>>>(body, idea));
    }

    private static Expression Replace(LambdaExpression lambda, ParameterExpression parameter) =>
        new ParameterReplacer(lambda.Parameters[0], parameter).Visit(lambda.Body);

    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}

/// <summary>An idea with the value it is ordered by.</summary>
internal sealed class Keyed<TKey>
{
    public IdeaRecord Idea { get; init; } = null!;
    public TKey Key { get; init; } = default!;
}
