using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ideation.Testing;

namespace Ideation.Deploy.Tests.Images;

/// <summary>
/// Every Dockerfile of the repository builds its app the way the platform's images must be built:
/// multi-stage on pinned official .NET images, the SDK of global.json, restore before sources, only
/// the published app in a final stage that runs as a numeric non-root user and needs no writable root
/// filesystem, and an entry point that is the published assembly (so that <c>migrate</c> is an argument).
/// No Docker engine is needed: the files are read as Docker reads them.
/// </summary>
public sealed partial class DockerfileTests
{
    public static TheoryData<string> Dockerfiles() => [.. ImageCatalogue.Dockerfiles()];

    public static TheoryData<string> AllDockerfiles() => [.. ImageCatalogue.AllDockerfiles()];

    public static TheoryData<string> ServiceComponents() => [.. ImageCatalogue.Services.Select(image => image.Component)];

    [Theory]
    [MemberData(nameof(ServiceComponents))]
    public void Each_service_has_its_Dockerfile_beside_its_sources(string component)
    {
        var image = ImageCatalogue.Services.Single(candidate => candidate.Component == component);

        Assert.Contains(image.Dockerfile, ImageCatalogue.Dockerfiles());
        Assert.Equal(image.Project, PublishCommand(Dockerfile.Load(image.Dockerfile)).Project);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Builds_in_one_stage_and_runs_in_another(string path)
    {
        var dockerfile = Dockerfile.Load(path);

        Assert.True(dockerfile.Stages.Count >= 2, $"{path} has a single stage: the SDK would ship with the app.");
        Assert.NotSame(PublishStage(dockerfile), dockerfile.Final);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/(aspnet|runtime):", dockerfile.Final.BaseImage);
    }

    [Theory]
    [MemberData(nameof(AllDockerfiles))]
    public void Every_base_image_is_pinned_to_a_tag_other_than_latest(string path)
    {
        var dockerfile = Dockerfile.Load(path);
        var stageNames = dockerfile.Stages.Select(stage => stage.Name).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);

        foreach (var image in dockerfile.Stages.Select(stage => stage.BaseImage).Where(image => !stageNames.Contains(image)))
        {
            var (_, tag, digest) = SplitReference(image);
            Assert.True(digest is not null || (tag is not null && tag != "latest"), $"{path}: FROM {image} is not pinned to a tag or digest.");
        }
    }

    /// <summary>global.json's rollForward (latestPatch) refuses an SDK of another feature band, so the image uses that very SDK.</summary>
    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Builds_with_the_sdk_global_json_names(string path)
    {
        var sdkVersion = (string)JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "global.json")))!["sdk"]!["version"]!;
        var publishStage = PublishStage(Dockerfile.Load(path));

        var (repository, tag, _) = SplitReference(publishStage.BaseImage);
        Assert.Equal("mcr.microsoft.com/dotnet/sdk", repository);
        Assert.True(tag == sdkVersion || tag?.StartsWith(sdkVersion + "-", StringComparison.Ordinal) == true,
            $"{path} builds with sdk:{tag}; global.json asks for {sdkVersion}.");
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Final_stage_runs_as_a_numeric_user_other_than_root(string path)
    {
        var user = Dockerfile.Load(path).Final.All("USER").LastOrDefault()?.Arguments;

        Assert.True(user is not null, $"{path}: the final stage sets no USER, so it runs as root.");
        var match = NumericUser().Match(user);
        Assert.True(match.Success, $"{path}: USER {user} is not numeric; Kubernetes can verify runAsNonRoot only for a numeric user.");
        Assert.NotEqual(0, int.Parse(match.Groups["uid"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Final_stage_copies_only_the_published_app_from_the_publish_stage(string path)
    {
        var dockerfile = Dockerfile.Load(path);
        var publishStage = PublishStage(dockerfile);
        var output = PublishCommand(dockerfile).Option("-o", "--output");
        Assert.True(output is not null, $"{path}: dotnet publish names no output folder (-o).");

        var copies = dockerfile.Final.All("COPY").Concat(dockerfile.Final.All("ADD")).ToList();
        Assert.NotEmpty(copies);
        foreach (var copy in copies)
        {
            Assert.True(copy.Keyword == "COPY" && copy.Flags.TryGetValue("from", out var from)
                && (from == publishStage.Name || from == dockerfile.Stages.ToList().IndexOf(publishStage).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                $"{path}: the final stage's `{copy.Keyword} {copy.Arguments}` does not come from the publish stage.");
            var sources = copy.Words.SkipLast(1);
            Assert.All(sources, source => Assert.Equal(output.TrimEnd('/'), source.TrimEnd('/')));
        }
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Entry_point_runs_the_published_assembly_with_dotnet(string path)
    {
        var dockerfile = Dockerfile.Load(path);
        var project = ProjectFile.Load(PublishCommand(dockerfile).Project);
        var entryPoint = dockerfile.Final.All("ENTRYPOINT").LastOrDefault();

        Assert.True(entryPoint is not null, $"{path} has no ENTRYPOINT.");
        // Exec form: the app is PID 1 and receives SIGTERM itself; arguments (migrate) follow the dll.
        Assert.True(entryPoint.IsExecForm, $"{path}: ENTRYPOINT {entryPoint.Arguments} is in shell form.");
        Assert.Equal(["dotnet", project.AssemblyName + ".dll"], entryPoint.Words);
        Assert.Empty(dockerfile.Final.All("CMD"));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Publishes_an_existing_project_in_Release_from_its_own_restore(string path)
    {
        var dockerfile = Dockerfile.Load(path);
        var publish = PublishCommand(dockerfile);

        Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, publish.Project)), $"{path} publishes {publish.Project}, which does not exist.");
        Assert.Equal("Release", publish.Option("-c", "--configuration"));
        Assert.Contains("--no-restore", publish.Options);
        Assert.Contains(DotNetCommand.In(PublishStage(dockerfile)), command => command.Verb == "restore" && command.Project == publish.Project);
    }

    /// <summary>
    /// The restore layer is cached as long as the files copied before it stay the same: those must be
    /// every project file (and MSBuild file they import) of the app and of the projects it references,
    /// and the repository's props and global.json; the sources of each of them must follow before publish.
    /// </summary>
    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Copies_the_project_files_before_restoring_and_the_sources_before_publishing(string path)
    {
        var dockerfile = Dockerfile.Load(path);
        var stage = PublishStage(dockerfile);
        var publish = PublishCommand(dockerfile);
        var instructions = stage.Instructions.ToList();
        var restoreAt = instructions.FindIndex(instruction => instruction.Keyword == "RUN" && instruction.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        var publishAt = instructions.FindIndex(instruction => instruction.Keyword == "RUN" && instruction.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        var copiedBeforeRestore = CopiedPaths(instructions.Take(restoreAt)).ToList();
        var copiedBeforePublish = CopiedPaths(instructions.Take(publishAt)).ToList();

        foreach (var source in copiedBeforePublish)
        {
            Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, source)) || Directory.Exists(Path.Combine(RepositoryRoot.Path, source)),
                $"{path} copies {source}, which does not exist.");
        }

        // Files only: a folder copied before the restore would bring sources, and any change of code would restore again.
        Assert.All(copiedBeforeRestore, source => Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, source)), $"{path} copies the folder {source} before restoring."));

        var projects = ProjectFile.WithReferences(publish.Project);
        var needed = projects.SelectMany(project => project.Imports.Prepend(project.Path))
            .Concat(["global.json", "Directory.Build.props", "Directory.Packages.props"]);
        foreach (var file in needed)
        {
            Assert.True(copiedBeforeRestore.Any(source => Covers(source, file)), $"{path} restores before copying {file}.");
        }

        foreach (var project in projects)
        {
            Assert.True(copiedBeforePublish.Any(source => Covers(source, project.Directory + "/") && source.EndsWith('/')),
                $"{path} publishes before copying the sources of {project.Directory}.");
        }
    }

    /// <summary>Nothing but the app: a service image installs no packages or tools into the runtime image.</summary>
    [Theory]
    [MemberData(nameof(ServiceComponents))]
    public void Service_image_adds_nothing_to_the_runtime_but_the_app(string component)
    {
        var dockerfile = Dockerfile.Load(ImageCatalogue.Services.Single(image => image.Component == component).Dockerfile);

        Assert.Empty(dockerfile.Final.All("RUN"));
        Assert.Empty(dockerfile.Final.All("ADD"));
    }

    /// <summary>
    /// The apps open their listeners themselves (Hosting:*): ASPNETCORE_URLS must not be set, and the
    /// base image's ASPNETCORE_HTTP_PORTS is cleared. Diagnostics off, so that the runtime needs to
    /// write nothing outside /tmp and runs on a read-only root filesystem.
    /// </summary>
    [Theory]
    [MemberData(nameof(ServiceComponents))]
    public void Service_image_leaves_listening_to_the_app_and_runs_on_a_read_only_filesystem(string component)
    {
        var environment = Dockerfile.Load(ImageCatalogue.Services.Single(image => image.Component == component).Dockerfile).Final.Environment;

        Assert.False(environment.ContainsKey("ASPNETCORE_URLS"));
        Assert.Equal("", environment.GetValueOrDefault("ASPNETCORE_HTTP_PORTS"));
        Assert.Equal("0", environment.GetValueOrDefault("DOTNET_EnableDiagnostics"));
    }

    /// <summary>EXPOSE documents the ports the app listens on by its own appsettings.json.</summary>
    [Theory]
    [MemberData(nameof(ServiceComponents))]
    public void Service_image_exposes_the_ports_its_settings_listen_on(string component)
    {
        var image = ImageCatalogue.Services.Single(candidate => candidate.Component == component);
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, Path.GetDirectoryName(image.Project)!, "appsettings.json")))!;
        var ports = new[] { settings["Hosting"]?["ServicePort"], settings["Hosting"]?["ManagementPort"], settings["Gateway"]?["HttpsPort"], settings["Gateway"]?["HttpPort"] }
            .OfType<JsonNode>().Select(port => (int)port).Order().ToList();

        var exposed = Dockerfile.Load(image.Dockerfile).Final.All("EXPOSE").SelectMany(expose => expose.Words)
            .Select(port => int.Parse(port.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();

        Assert.Equal(ports, exposed);
    }

    [Fact]
    public void Dockerignore_keeps_build_output_dependencies_and_history_out_of_the_context()
    {
        var entries = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, ".dockerignore"))
            .Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.TrimEnd('/')).ToHashSet(StringComparer.Ordinal);

        // bin/ and obj/ anywhere: a stale obj/project.assets.json from the host would override the image's restore.
        Assert.Superset(new HashSet<string>(["**/bin", "**/obj", "**/node_modules", "artifacts", ".git"], StringComparer.Ordinal), entries);
    }

    private static DockerStage PublishStage(Dockerfile dockerfile) =>
        dockerfile.Stages.SingleOrDefault(stage => DotNetCommand.In(stage).Any(command => command.Verb == "publish"))
        ?? throw new Xunit.Sdk.XunitException($"{dockerfile.Path}: no stage runs dotnet publish.");

    private static DotNetCommand PublishCommand(Dockerfile dockerfile) =>
        DotNetCommand.In(PublishStage(dockerfile)).Single(command => command.Verb == "publish");

    /// <summary>The context paths COPY instructions take (not those from other stages), as written.</summary>
    private static IEnumerable<string> CopiedPaths(IEnumerable<DockerInstruction> instructions) =>
        instructions.Where(instruction => instruction.Keyword == "COPY" && !instruction.Flags.ContainsKey("from"))
            .SelectMany(copy => copy.Words.SkipLast(1));

    /// <summary>Whether copying <paramref name="source"/> (a file, or a folder ending in /) brings <paramref name="path"/>.</summary>
    private static bool Covers(string source, string path) =>
        source == path || (source.EndsWith('/') && path.StartsWith(source, StringComparison.Ordinal)) || source is "." or "./";

    /// <summary>Splits an image reference into repository, tag and digest (registry ports are not tags).</summary>
    private static (string Repository, string? Tag, string? Digest) SplitReference(string image)
    {
        var at = image.IndexOf('@');
        var digest = at < 0 ? null : image[(at + 1)..];
        var name = at < 0 ? image : image[..at];
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? (name[..colon], name[(colon + 1)..], digest) : (name, null, digest);
    }

    [GeneratedRegex(@"^(?<uid>\d+)(:\d+)?$")]
    private static partial Regex NumericUser();
}
