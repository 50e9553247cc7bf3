using System.Text;
using Ideation.Gateway.Transcoding.Routing;

namespace Ideation.Gateway.Tests.Transcoding.Routing;

public sealed class PathTemplateTests
{
    [Theory]
    [InlineData("/v1/ideas", "/v1/ideas")]
    [InlineData("/v1/{name}", "/v1/{name=*}")]
    [InlineData("/v1/{name=ideas/*}", "/v1/{name=ideas/*}")]
    [InlineData("/v1/{name=ideas/*}:submit", "/v1/{name=ideas/*}:submit")]
    [InlineData("/v1/ideas:findSimilar", "/v1/ideas:findSimilar")]
    [InlineData("/v1/{name=shelves/*/books/*}", "/v1/{name=shelves/*/books/*}")]
    [InlineData("/v1/{idea.name=ideas/*}", "/v1/{idea.name=ideas/*}")]
    [InlineData("/v1/{parent=ideas/*}/events", "/v1/{parent=ideas/*}/events")]
    [InlineData("/v1/files/{path=**}", "/v1/files/{path=**}")]
    [InlineData("/v1/files/{path=**}:download", "/v1/files/{path=**}:download")]
    [InlineData("/v1/*/x/**", "/v1/*/x/**")]
    [InlineData("/{name=things/*}", "/{name=things/*}")]
    [InlineData("/v1/{a}/x/{b.c_d}", "/v1/{a=*}/x/{b.c_d=*}")]
    public void Parses_the_google_api_http_grammar(string template, string canonical) =>
        Assert.Equal(canonical, Canonical(PathTemplate.Parse(template)));

    [Fact]
    public void Records_variables_with_their_segments_and_the_verb()
    {
        var template = PathTemplate.Parse("/v1/{book.name=shelves/*/books/*}:archive");

        Assert.Equal("archive", template.Verb);
        Assert.Equal("v1", template.FirstLiteral);
        var variable = Assert.Single(template.Variables);
        Assert.Equal(["book", "name"], variable.FieldPath);
        Assert.Equal((1, 5), (variable.Start, variable.End));
        Assert.False(variable.IsSingleSegment);
        Assert.True(PathTemplate.Parse("/v1/{id}").Variables[0].IsSingleSegment);
        Assert.Null(PathTemplate.Parse("/{id}").FirstLiteral);
    }

    [Theory]
    [InlineData("")]
    [InlineData("v1/ideas")]
    [InlineData("/")]
    [InlineData("/v1//ideas")]
    [InlineData("/v1/ideas/")]
    [InlineData("/v1/{name")]
    [InlineData("/v1/{}")]
    [InlineData("/v1/{name=}")]
    [InlineData("/v1/{a={b}}")]
    [InlineData("/v1/**/x")]
    [InlineData("/v1/{name=**}/x")]
    [InlineData("/v1/ideas:")]
    [InlineData("/v1/{a}/{a}")]
    [InlineData("/v1/ideas?x=1")]
    [InlineData("/v1/{name.}")]
    public void Refuses_invalid_templates(string template)
    {
        var error = Assert.Throws<FormatException>(() => PathTemplate.Parse(template));
        Assert.Contains(template, error.Message);
    }

    [Theory]
    [InlineData("/v1/{name=ideas/*}", "/v1/ideas/abc", "ideas/abc")]
    [InlineData("/v1/{name=ideas/*}", "/v1/ideas/a:b", "ideas/a:b")]
    [InlineData("/v1/{name=ideas/*}:submit", "/v1/ideas/abc:submit", "ideas/abc")]
    [InlineData("/v1/{name=shelves/*/books/*}", "/v1/shelves/1/books/2", "shelves/1/books/2")]
    [InlineData("/v1/{name=**}", "/v1/a/b/c", "a/b/c")]
    [InlineData("/v1/{name=**}", "/v1", "")]
    [InlineData("/v1/files/{path=**}:download", "/v1/files/a/b.txt:download", "a/b.txt")]
    [InlineData("/v1/{a}/x/{b}", "/v1/1/x/2", "1|2")]
    [InlineData("/v1/{a}", "/v1/x%2Fy", "x/y")]
    [InlineData("/v1/{a=things/*}", "/v1/things/x%2Fy", "things/x%2Fy")]
    [InlineData("/v1/*/x", "/v1/anything/x", "")]
    [InlineData("/{name=things/*}", "/things/t1", "things/t1")]
    public void Matches_paths_and_captures_variables(string template, string path, string expected)
    {
        Assert.True(PathTemplate.Parse(template).TryMatch(path, Segments(path), out var values));
        Assert.Equal(expected, string.Join('|', values ?? []));
    }

    [Theory]
    [InlineData("/v1/{name=ideas/*}", "/v1/ideas")]
    [InlineData("/v1/{name=ideas/*}", "/v1/ideas/a/b")]
    [InlineData("/v1/{name=ideas/*}", "/v1/notes/a")]
    [InlineData("/v1/{name=ideas/*}", "/v1/ideas/")]
    [InlineData("/v1/{name=ideas/*}:submit", "/v1/ideas/abc")]
    [InlineData("/v1/{name=ideas/*}:submit", "/v1/ideas/abc:approve")]
    [InlineData("/v1/{name=ideas/*}:submit", "/v1/ideas/:submit")]
    [InlineData("/v1/ideas", "/v1/IDEAS")]
    [InlineData("/v1/files/{path=**}", "/v2/files/a")]
    public void Does_not_match_other_paths(string template, string path) =>
        Assert.False(PathTemplate.Parse(template).TryMatch(path, Segments(path), out _));

    /// <summary>Ranges of the '/'-separated segments after the leading slash, as the route table splits them.</summary>
    internal static Range[] Segments(string path)
    {
        var ranges = new List<Range>();
        var start = 1;
        for (var i = 1; i <= path.Length; i++)
        {
            if (i == path.Length || path[i] == '/')
            {
                ranges.Add(new Range(start, i));
                start = i + 1;
            }
        }

        return [.. ranges];
    }

    private static string Canonical(PathTemplate template)
    {
        var text = new StringBuilder();
        for (var i = 0; i < template.Segments.Count; i++)
        {
            text.Append('/');
            var opening = template.Variables.FirstOrDefault(variable => variable.Start == i);
            if (opening is not null)
            {
                text.Append('{').Append(opening.FieldPathText).Append('=');
            }

            text.Append(template.Segments[i].Text);
            if (template.Variables.Any(variable => variable.End == i + 1))
            {
                text.Append('}');
            }
        }

        return text.Append(template.Verb is null ? "" : ":" + template.Verb).ToString();
    }
}
