namespace Ideation.Deploy.Tests.Images;

/// <summary>A <c>dotnet &lt;verb&gt; &lt;project&gt; [options]</c> command found in a RUN instruction.</summary>
internal sealed record DotNetCommand(string Verb, string Project, IReadOnlyList<string> Options)
{
    /// <summary>The value of an option such as <c>-o /app</c> or <c>--output=/app</c>, under any of its names.</summary>
    public string? Option(params string[] names)
    {
        for (var i = 0; i < Options.Count; i++)
        {
            foreach (var name in names)
            {
                if (Options[i] == name && i + 1 < Options.Count)
                {
                    return Options[i + 1];
                }

                if (Options[i].StartsWith(name + "=", StringComparison.Ordinal))
                {
                    return Options[i][(name.Length + 1)..];
                }
            }
        }

        return null;
    }

    /// <summary>The dotnet commands of a stage's RUN instructions, in order (commands joined by &amp;&amp; or ; included).</summary>
    public static IEnumerable<DotNetCommand> In(DockerStage stage) =>
        stage.All("RUN")
            .SelectMany(run => run.Arguments.Split(["&&", ";"], StringSplitOptions.TrimEntries))
            .Select(command => command.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(words => words.Length >= 3 && words[0] == "dotnet")
            .Select(words => new DotNetCommand(words[1], words.Skip(2).First(word => !word.StartsWith('-')), [.. words.Skip(2)]));
}
