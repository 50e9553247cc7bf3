namespace Ideation.Ideas.Domain;

/// <summary>What kind of change a history entry records.</summary>
public enum IdeaEventKind
{
    Created,
    Edited,
    StateChanged,
}
