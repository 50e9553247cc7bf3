using System.Collections.Frozen;
using Google.Api;
using Google.Protobuf.Reflection;
using Ideation.Gateway.Transcoding.Binding;

namespace Ideation.Gateway.Transcoding.Routing;

internal enum RouteMatchStatus
{
    Matched,

    /// <summary>No rule has this path.</summary>
    NotFound,

    /// <summary>Rules have this path, for other HTTP methods.</summary>
    MethodNotAllowed,
}

/// <summary>
/// Every HTTP rule of the contracts, compiled once at startup, and the matcher that finds the rule of a
/// request: by HTTP method, then by the literal first segment, then the most specific template that
/// matches (literals before wildcards, a custom verb before none).
/// </summary>
internal sealed class RouteTable
{
    private const int StackSegments = 32;

    private readonly FrozenDictionary<string, MethodRoutes> _byHttpMethod;

    private RouteTable(IReadOnlyList<TranscodedRoute> routes, IReadOnlyList<string> skipped)
    {
        Routes = routes;
        Skipped = skipped;
        _byHttpMethod = routes
            .GroupBy(route => route.HttpMethod, StringComparer.Ordinal)
            .ToFrozenDictionary(group => group.Key, group => new MethodRoutes(group), StringComparer.Ordinal);
    }

    /// <summary>Every route, in the order of the files, services, methods and bindings that declared them.</summary>
    public IReadOnlyList<TranscodedRoute> Routes { get; }

    /// <summary>
    /// Annotated methods that cannot be transcoded, with why: bidirectional streams, and client streams
    /// whose body is not a google.api.HttpBody (only a raw upload maps a request body to a stream).
    /// </summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>
    /// ASP.NET Core route patterns that cover every template: one catch-all per literal first segment
    /// (<c>/v1/{**path}</c>), so that the matcher here also answers unknown paths under those prefixes
    /// and nothing outside them.
    /// </summary>
    public IReadOnlyList<string> EndpointPatterns
    {
        get
        {
            var patterns = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var template in Routes.Select(route => route.Template))
            {
                if (template.FirstLiteral is not { } first)
                {
                    patterns.Add("/{**path}");
                }
                else if (template.Segments.Count == 1 && template.Verb is not null)
                {
                    patterns.Add($"/{first}:{template.Verb}");
                }
                else
                {
                    patterns.Add($"/{first}/{{**path}}");
                }
            }

            return [.. patterns];
        }
    }

    public static RouteTable Build(IEnumerable<FileDescriptor> files)
    {
        var routes = new List<TranscodedRoute>();
        var skipped = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files.DistinctBy(file => file.Name))
        {
            foreach (var method in file.Services.SelectMany(service => service.Methods))
            {
                if (method.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is not { } rule)
                {
                    continue;
                }

                if (method.IsClientStreaming && method.IsServerStreaming)
                {
                    skipped.Add($"{method.FullName}: bidirectional streaming cannot be transcoded to REST.");
                    continue;
                }

                var transcoded = new TranscodedMethod(method);
                // additional_bindings nest one level only (google.api.http); theirs are ignored.
                var methodRoutes = new[] { rule }.Concat(rule.AdditionalBindings).Select(binding => CreateRoute(transcoded, binding)).ToList();
                if (method.IsClientStreaming && methodRoutes.Any(route => route.HttpBodyType is null))
                {
                    skipped.Add($"{method.FullName}: a client stream is transcoded only as an upload, whose HTTP rule's body is a google.api.HttpBody.");
                    continue;
                }

                foreach (var route in methodRoutes)
                {
                    if (!seen.Add($"{route.HttpMethod} {route.Template.Text}"))
                    {
                        var other = routes.First(existing => existing.HttpMethod == route.HttpMethod && existing.Template.Text == route.Template.Text);
                        throw new InvalidOperationException(
                            $"HTTP rule '{route.HttpMethod} {route.Template.Text}' of {method.FullName} is already used by {other.Method}.");
                    }

                    routes.Add(route);
                }
            }
        }

        return new RouteTable(routes, skipped);
    }

    /// <summary>Finds the route of a request path (as ASP.NET Core decodes it, leading '/' included).</summary>
    public RouteMatchStatus Match(string httpMethod, string path, out TranscodedRoute? route, out string[]? values)
    {
        route = null;
        values = null;
        if (path.Length == 0 || path[0] != '/')
        {
            return RouteMatchStatus.NotFound;
        }

        // One trailing slash is ignored, as ASP.NET Core routing does.
        var end = path.Length > 1 && path[^1] == '/' ? path.Length - 1 : path.Length;
        var count = path.AsSpan(1, end - 1).Count('/') + 1;
        Span<Range> segments = count <= StackSegments ? stackalloc Range[count] : new Range[count];
        var start = 1;
        var index = 0;
        for (var i = 1; i <= end; i++)
        {
            if (i == end || path[i] == '/')
            {
                segments[index++] = new Range(start, i);
                start = i + 1;
            }
        }

        if (_byHttpMethod.TryGetValue(httpMethod, out var candidates) && candidates.TryMatch(path, segments, out route, out values))
        {
            return RouteMatchStatus.Matched;
        }

        foreach (var (method, others) in _byHttpMethod)
        {
            if (method != httpMethod && others.TryMatch(path, segments, out _, out _))
            {
                return RouteMatchStatus.MethodNotAllowed;
            }
        }

        return RouteMatchStatus.NotFound;
    }

    /// <summary>The HTTP methods whose rules match a path, for the Allow header of a 405.</summary>
    public IReadOnlyList<string> AllowedMethods(string path)
    {
        var allowed = new List<string>();
        foreach (var method in _byHttpMethod.Keys.Order(StringComparer.Ordinal))
        {
            if (Match(method, path, out _, out _) == RouteMatchStatus.Matched)
            {
                allowed.Add(method);
            }
        }

        return allowed;
    }

    private static TranscodedRoute CreateRoute(TranscodedMethod method, HttpRule binding)
    {
        var (httpMethod, pattern) = binding.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => (HttpMethods.Get, binding.Get),
            HttpRule.PatternOneofCase.Put => (HttpMethods.Put, binding.Put),
            HttpRule.PatternOneofCase.Post => (HttpMethods.Post, binding.Post),
            HttpRule.PatternOneofCase.Delete => (HttpMethods.Delete, binding.Delete),
            HttpRule.PatternOneofCase.Patch => (HttpMethods.Patch, binding.Patch),
            HttpRule.PatternOneofCase.Custom => (binding.Custom.Kind.ToUpperInvariant(), binding.Custom.Path),
            _ => throw Invalid(method, "has an HTTP rule without a method and path"),
        };

        PathTemplate template;
        try
        {
            template = PathTemplate.Parse(pattern);
        }
        catch (FormatException exception)
        {
            throw Invalid(method, exception.Message);
        }

        var input = method.InputType;
        var variableFields = new List<FieldDescriptor[]>();
        foreach (var variable in template.Variables)
        {
            var fields = ProtoFields.ResolveProtoPath(input, variable.FieldPath)
                ?? throw Invalid(method, $"binds '{variable.FieldPathText}' in '{pattern}', which {input.Name} does not have");
            if (fields[^1].IsRepeated || !ProtoFields.IsScalarField(fields[^1]))
            {
                throw Invalid(method, $"binds '{variable.FieldPathText}' in '{pattern}', which is not a singular scalar field");
            }

            variableFields.Add(fields);
        }

        var (body, bodyField) = binding.Body switch
        {
            "" => (BodyKind.None, null),
            "*" => (BodyKind.Whole, null),
            var name => (BodyKind.Field, input.FindFieldByName(name)
                ?? throw Invalid(method, $"has body '{name}', which is not a top-level field of {input.Name}")),
        };

        var bodyMessage = body == BodyKind.Whole ? input
            : bodyField is { FieldType: FieldType.Message, IsRepeated: false } ? bodyField.MessageType
            : null;

        var responseBodyField = binding.ResponseBody.Length == 0
            ? null
            : method.OutputType.FindFieldByName(binding.ResponseBody)
              ?? throw Invalid(method, $"has response_body '{binding.ResponseBody}', which is not a top-level field of {method.OutputType.Name}");

        return new TranscodedRoute
        {
            HttpMethod = httpMethod,
            Template = template,
            Method = method,
            VariableFields = variableFields,
            Body = body,
            BodyField = bodyField,
            HttpBodyType = bodyMessage is not null && ProtoFields.IsHttpBody(bodyMessage) ? bodyMessage : null,
            ResponseBodyField = responseBodyField,
            Query = new QueryBinder(input, variableFields, body, bodyField),
        };
    }

    private static InvalidOperationException Invalid(TranscodedMethod method, string problem) =>
        new($"The HTTP rule of {method.Descriptor.FullName} {problem}.");

    /// <summary>The routes of one HTTP method, bucketed by literal first segment and ordered by specificity.</summary>
    private sealed class MethodRoutes
    {
        private readonly Dictionary<string, TranscodedRoute[]>.AlternateLookup<ReadOnlySpan<char>> _byFirstLiteral;
        private readonly TranscodedRoute[] _wildcardFirst;

        public MethodRoutes(IEnumerable<TranscodedRoute> routes)
        {
            var ordered = routes.OrderBy(route => route.Template, TemplateSpecificity.Instance).ToList();
            var byFirstLiteral = ordered
                .Where(route => route.Template.FirstLiteral is not null)
                .GroupBy(route => route.Template.FirstLiteral!, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.ToArray(), StringComparer.Ordinal);
            _byFirstLiteral = byFirstLiteral.GetAlternateLookup<ReadOnlySpan<char>>();
            _wildcardFirst = [.. ordered.Where(route => route.Template.FirstLiteral is null)];
        }

        public bool TryMatch(string path, ReadOnlySpan<Range> segments, out TranscodedRoute? route, out string[]? values)
        {
            var first = path.AsSpan(segments[0]);
            if (_byFirstLiteral.TryGetValue(first, out var bucket) && TryMatch(bucket, path, segments, out route, out values))
            {
                return true;
            }

            // A single-segment template with a custom verb ("/books:search"): the verb is part of the first segment.
            var colon = first.LastIndexOf(':');
            if (segments.Length == 1 && colon > 0 && _byFirstLiteral.TryGetValue(first[..colon], out bucket)
                && TryMatch(bucket, path, segments, out route, out values))
            {
                return true;
            }

            return TryMatch(_wildcardFirst, path, segments, out route, out values);
        }

        private static bool TryMatch(TranscodedRoute[] candidates, string path, ReadOnlySpan<Range> segments, out TranscodedRoute? route, out string[]? values)
        {
            foreach (var candidate in candidates)
            {
                if (candidate.Template.TryMatch(path, segments, out values))
                {
                    route = candidate;
                    return true;
                }
            }

            route = null;
            values = null;
            return false;
        }
    }

    /// <summary>
    /// Orders templates so that the first that matches is the most specific: a custom verb first, then
    /// segment by segment literal before <c>*</c> before <c>**</c>, then the longer.
    /// </summary>
    private sealed class TemplateSpecificity : IComparer<PathTemplate>
    {
        public static readonly TemplateSpecificity Instance = new();

        public int Compare(PathTemplate? x, PathTemplate? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null || y is null)
            {
                return x is null ? 1 : -1;
            }

            if ((x.Verb is null) != (y.Verb is null))
            {
                return x.Verb is null ? 1 : -1;
            }

            for (var i = 0; i < Math.Min(x.Segments.Count, y.Segments.Count); i++)
            {
                var byKind = x.Segments[i].Kind.CompareTo(y.Segments[i].Kind);
                if (byKind != 0)
                {
                    return byKind;
                }
            }

            return y.Segments.Count.CompareTo(x.Segments.Count);
        }
    }
}
