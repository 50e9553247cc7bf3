using Ideation.Ideas.Validation;
using Ideation.ServiceDefaults.Errors;

namespace Ideation.Ideas.Api;

/// <summary>The orders ListIdeas offers, each newest or best first with the id as tie-breaker.</summary>
internal enum IdeaOrder
{
    CreateTimeDesc,
    UpdateTimeDesc,
    Relevance,
}

internal static class IdeaOrders
{
    public static IdeaOrder Parse(string orderBy, bool hasQuery, FieldViolations violations)
    {
        // AIP-132 spelling, tolerant of case and spacing: "create_time desc", "update_time desc", "relevance".
        var normalised = string.Join(' ', orderBy.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToLowerInvariant();
        switch (normalised)
        {
            case "" or "create_time desc":
                return IdeaOrder.CreateTimeDesc;
            case "update_time desc":
                return IdeaOrder.UpdateTimeDesc;
            case "relevance" when hasQuery:
                return IdeaOrder.Relevance;
            case "relevance":
                violations.Add("order_by", "Ordering by relevance needs a query; set query, or order by 'create_time desc'.");
                return IdeaOrder.Relevance;
            default:
                violations.Add("order_by", $"Cannot order by '{orderBy}'; use 'create_time desc' (the default), 'update_time desc' or 'relevance' (with a query).");
                return IdeaOrder.CreateTimeDesc;
        }
    }
}
