namespace Ideation.Gateway.Tests.Fuzzing;

/// <summary>
/// Resources that exist when the fuzzing starts, so that valid requests reach past the "not found"
/// of a random ID into the backends' real work: ideas in several states and a document.
/// </summary>
public sealed record FuzzTargets(IReadOnlyList<string> IdeaIds, IReadOnlyList<string> DocumentIds);
