using System.Text.Json;

namespace Ideation.Deploy.Tests.Images;

/// <summary>One instruction of a Dockerfile: its keyword (upper case), its flags (<c>--from=build</c>) and the rest.</summary>
internal sealed record DockerInstruction(string Keyword, IReadOnlyDictionary<string, string> Flags, string Arguments)
{
    /// <summary>The arguments as words: the JSON (exec) form when they are one, otherwise split on white space.</summary>
    public IReadOnlyList<string> Words =>
        Arguments.StartsWith('[') ? JsonSerializer.Deserialize<string[]>(Arguments)! : Arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    public bool IsExecForm => Arguments.StartsWith('[');
}

/// <summary>A build stage: the image it starts from, its name (<c>AS build</c>) and its instructions after FROM.</summary>
internal sealed record DockerStage(string BaseImage, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> All(string keyword) => Instructions.Where(instruction => instruction.Keyword == keyword);

    /// <summary>The variables the stage's ENV instructions set (<c>ENV KEY=value ...</c>), the last one winning.</summary>
    public IReadOnlyDictionary<string, string> Environment =>
        All("ENV").SelectMany(instruction => instruction.Words)
            .Select(word => word.Split('=', 2))
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Last().ElementAtOrDefault(1) ?? "", StringComparer.Ordinal);
}

/// <summary>
/// A Dockerfile read the way Docker reads it: comment lines dropped (also inside a continued
/// instruction), lines ending in a backslash joined, flags taken off the front of each instruction.
/// </summary>
internal sealed class Dockerfile
{
    private Dockerfile(string path, IReadOnlyList<DockerStage> stages)
    {
        Path = path;
        Stages = stages;
    }

    /// <summary>Relative to the repository root, with forward slashes.</summary>
    public string Path { get; }

    public IReadOnlyList<DockerStage> Stages { get; }

    public DockerStage Final => Stages[^1];

    public static Dockerfile Load(string relativePath) =>
        Parse(relativePath, File.ReadAllText(System.IO.Path.Combine(Ideation.Testing.RepositoryRoot.Path, relativePath)));

    public static Dockerfile Parse(string path, string text)
    {
        var stages = new List<DockerStage>();
        string? baseImage = null, name = null;
        var instructions = new List<DockerInstruction>();
        foreach (var instruction in Instructions(text))
        {
            if (instruction.Keyword == "FROM")
            {
                if (baseImage is not null)
                {
                    stages.Add(new DockerStage(baseImage, name, instructions));
                }

                var words = instruction.Words;
                baseImage = words[0];
                name = words.Count == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
                instructions = [];
            }
            else if (baseImage is null)
            {
                // Only ARG may come before the first FROM; it belongs to no stage.
                if (instruction.Keyword != "ARG")
                {
                    throw new InvalidDataException($"{path}: {instruction.Keyword} before the first FROM");
                }
            }
            else
            {
                instructions.Add(instruction);
            }
        }

        if (baseImage is null)
        {
            throw new InvalidDataException($"{path} has no FROM");
        }

        stages.Add(new DockerStage(baseImage, name, instructions));
        return new Dockerfile(path, stages);
    }

    private static IEnumerable<DockerInstruction> Instructions(string text)
    {
        var pending = "";
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            yield return ParseInstruction(pending + line);
            pending = "";
        }

        if (pending.Length > 0)
        {
            yield return ParseInstruction(pending);
        }
    }

    private static DockerInstruction ParseInstruction(string line)
    {
        var keywordEnd = line.IndexOf(' ');
        var keyword = (keywordEnd < 0 ? line : line[..keywordEnd]).ToUpperInvariant();
        var rest = keywordEnd < 0 ? "" : line[(keywordEnd + 1)..].Trim();
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        while (rest.StartsWith("--", StringComparison.Ordinal))
        {
            var flagEnd = rest.IndexOf(' ');
            var flag = flagEnd < 0 ? rest : rest[..flagEnd];
            var equals = flag.IndexOf('=');
            flags[equals < 0 ? flag[2..] : flag[2..equals]] = equals < 0 ? "" : flag[(equals + 1)..];
            rest = flagEnd < 0 ? "" : rest[(flagEnd + 1)..].TrimStart();
        }

        return new DockerInstruction(keyword, flags, rest);
    }
}
