namespace Ideation.Ideas.Domain;

/// <summary>Where an idea stands in the review workflow (stored as text, see IdeaStateColumn).</summary>
public enum IdeaState
{
    Draft,
    Submitted,
    UnderReview,
    Approved,
    Rejected,
    Implemented,
    Withdrawn,
}
