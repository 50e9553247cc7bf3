namespace Ideation.Gateway.Transcoding.Routing;

/// <summary>What one segment of a path template matches.</summary>
internal enum SegmentKind
{
    /// <summary>Exactly its text.</summary>
    Literal,

    /// <summary><c>*</c>: one non-empty segment.</summary>
    Wildcard,

    /// <summary><c>**</c>: zero or more segments; only last.</summary>
    DoubleWildcard,
}

internal readonly record struct TemplateSegment(SegmentKind Kind, string Text);

/// <summary>
/// A variable of a template: the request field it binds (proto field names) and the template
/// segments it covers, <c>[Start, End)</c>.
/// </summary>
internal sealed record TemplateVariable(IReadOnlyList<string> FieldPath, int Start, int End)
{
    public string FieldPathText { get; } = string.Join('.', FieldPath);

    /// <summary>
    /// <c>{var}</c> or <c>{var=*}</c>: google.api.http percent-decodes every character of such a value,
    /// <c>%2F</c> included; a multi-segment value keeps <c>%2F</c> as it is.
    /// </summary>
    public bool IsSingleSegment { get; init; }
}

/// <summary>
/// A parsed google.api.http path template (googleapis google/api/http.proto):
/// <code>
/// Template = "/" Segments [ Verb ] ;
/// Segments = Segment { "/" Segment } ;
/// Segment  = "*" | "**" | LITERAL | Variable ;
/// Variable = "{" FieldPath [ "=" Segments ] "}" ;
/// FieldPath = IDENT { "." IDENT } ;
/// Verb     = ":" LITERAL ;
/// </code>
/// Parsed once at startup; matching allocates only the variable values.
/// </summary>
internal sealed class PathTemplate
{
    private readonly int _doubleWildcardIndex;
    private readonly string? _verbSuffix;

    private PathTemplate(string text, TemplateSegment[] segments, TemplateVariable[] variables, string? verb)
    {
        Text = text;
        Segments = segments;
        Variables = variables;
        Verb = verb;
        _verbSuffix = verb is null ? null : ":" + verb;
        _doubleWildcardIndex = Array.FindIndex(segments, segment => segment.Kind == SegmentKind.DoubleWildcard);
    }

    public string Text { get; }

    public IReadOnlyList<TemplateSegment> Segments { get; }

    public IReadOnlyList<TemplateVariable> Variables { get; }

    /// <summary>The custom verb (<c>submit</c> of <c>:submit</c>), or null.</summary>
    public string? Verb { get; }

    /// <summary>The literal first segment, which routes requests to this template's bucket; null when it is a wildcard.</summary>
    public string? FirstLiteral => Segments[0].Kind == SegmentKind.Literal ? Segments[0].Text : null;

    public static PathTemplate Parse(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new Parser(template).Parse();
    }

    /// <summary>
    /// Matches a request path given without its leading slash (<c>v1/ideas/abc:submit</c>) and split
    /// on '/' into <paramref name="segments"/>. On success <paramref name="values"/> holds one value
    /// per variable, in <see cref="Variables"/> order (null when there are none).
    /// </summary>
    public bool TryMatch(string path, ReadOnlySpan<Range> segments, out string[]? values)
    {
        values = null;
        var count = segments.Length;
        var templateCount = Segments.Count;
        if (_doubleWildcardIndex >= 0 ? count < templateCount - 1 : count != templateCount)
        {
            return false;
        }

        // A custom verb ends the last segment; the rest of that segment is matched as usual.
        var lastEnd = count == 0 ? 0 : segments[count - 1].End.GetOffset(path.Length);
        if (_verbSuffix is not null)
        {
            var lastStart = segments[count - 1].Start.GetOffset(path.Length);
            if (!path.AsSpan(lastStart, lastEnd - lastStart).EndsWith(_verbSuffix, StringComparison.Ordinal))
            {
                return false;
            }

            lastEnd -= _verbSuffix.Length;
        }

        for (var i = 0; i < templateCount; i++)
        {
            var segment = Segments[i];
            if (segment.Kind == SegmentKind.DoubleWildcard)
            {
                break;
            }

            var text = SegmentText(path, segments, i, lastEnd);
            if (segment.Kind == SegmentKind.Literal ? !text.SequenceEqual(segment.Text) : text.IsEmpty)
            {
                return false;
            }
        }

        if (Variables.Count == 0)
        {
            return true;
        }

        values = new string[Variables.Count];
        for (var v = 0; v < values.Length; v++)
        {
            var variable = Variables[v];
            var first = variable.Start;
            // Segments after "**" do not exist ("**" is last), so a variable ending at "**" ends at the path's end.
            var last = _doubleWildcardIndex >= 0 && variable.End - 1 == _doubleWildcardIndex ? count - 1 : variable.End - 1;
            if (last < first)
            {
                values[v] = "";
                continue;
            }

            var start = segments[first].Start.GetOffset(path.Length);
            var end = last == count - 1 ? lastEnd : segments[last].End.GetOffset(path.Length);
            var value = path[start..end];
            if (variable.IsSingleSegment && value.Contains('%'))
            {
                // Kestrel decodes the path except %2F; a single-segment value decodes that too.
                value = value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
            }

            values[v] = value;
        }

        return true;
    }

    private static ReadOnlySpan<char> SegmentText(string path, ReadOnlySpan<Range> segments, int index, int lastEnd)
    {
        var start = segments[index].Start.GetOffset(path.Length);
        var end = index == segments.Length - 1 ? lastEnd : segments[index].End.GetOffset(path.Length);
        return path.AsSpan(start, end - start);
    }

    public override string ToString() => Text;

    /// <summary>Recursive descent over the grammar above; every error names the template and the position.</summary>
    private ref struct Parser(string template)
    {
        private readonly string _text = template;
        private readonly List<TemplateSegment> _segments = [];
        private readonly List<TemplateVariable> _variables = [];
        private int _position;

        public PathTemplate Parse()
        {
            Expect('/');
            ParseSegments(insideVariable: false);
            string? verb = null;
            if (Peek() == ':')
            {
                _position++;
                verb = ReadLiteral();
                if (verb.Length == 0)
                {
                    throw Error("a custom verb after ':' is empty");
                }
            }

            if (_position != _text.Length)
            {
                throw Error($"unexpected '{_text[_position]}'");
            }

            for (var i = 0; i < _segments.Count - 1; i++)
            {
                if (_segments[i].Kind == SegmentKind.DoubleWildcard)
                {
                    throw Error("'**' must be the last segment");
                }
            }

            var duplicate = _variables.GroupBy(variable => variable.FieldPathText).FirstOrDefault(group => group.Count() > 1);
            if (duplicate is not null)
            {
                throw Error($"the field '{duplicate.Key}' is bound twice");
            }

            return new PathTemplate(_text, [.. _segments], [.. _variables], verb);
        }

        private void ParseSegments(bool insideVariable)
        {
            while (true)
            {
                ParseSegment(insideVariable);
                if (Peek() != '/')
                {
                    return;
                }

                _position++;
            }
        }

        private void ParseSegment(bool insideVariable)
        {
            switch (Peek())
            {
                case '*' when Peek(1) == '*':
                    _position += 2;
                    _segments.Add(new TemplateSegment(SegmentKind.DoubleWildcard, "**"));
                    break;
                case '*':
                    _position++;
                    _segments.Add(new TemplateSegment(SegmentKind.Wildcard, "*"));
                    break;
                case '{' when insideVariable:
                    throw Error("variables cannot nest");
                case '{':
                    ParseVariable();
                    break;
                default:
                    var literal = ReadLiteral();
                    if (literal.Length == 0)
                    {
                        throw Error("a segment is empty");
                    }

                    _segments.Add(new TemplateSegment(SegmentKind.Literal, literal));
                    break;
            }
        }

        private void ParseVariable()
        {
            Expect('{');
            var fieldPath = new List<string>();
            do
            {
                if (fieldPath.Count > 0)
                {
                    _position++;
                }

                var identifier = ReadIdentifier();
                if (identifier.Length == 0)
                {
                    throw Error("a variable needs a field name");
                }

                fieldPath.Add(identifier);
            }
            while (Peek() == '.');

            var start = _segments.Count;
            if (Peek() == '=')
            {
                _position++;
                ParseSegments(insideVariable: true);
            }
            else
            {
                _segments.Add(new TemplateSegment(SegmentKind.Wildcard, "*"));
            }

            Expect('}');
            var end = _segments.Count;
            var isSingleSegment = end - start == 1 && _segments[start].Kind == SegmentKind.Wildcard;
            _variables.Add(new TemplateVariable(fieldPath, start, end) { IsSingleSegment = isSingleSegment });
        }

        private string ReadLiteral()
        {
            var start = _position;
            while (_position < _text.Length && _text[_position] is not ('/' or ':' or '{' or '}' or '*' or '=' or '?' or '#'))
            {
                _position++;
            }

            return _text[start.._position];
        }

        private string ReadIdentifier()
        {
            var start = _position;
            while (_position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] == '_'))
            {
                _position++;
            }

            return _text[start.._position];
        }

        private readonly char Peek(int offset = 0) =>
            _position + offset < _text.Length ? _text[_position + offset] : '\0';

        private void Expect(char expected)
        {
            if (Peek() != expected)
            {
                throw Error(_position < _text.Length ? $"expected '{expected}' but found '{_text[_position]}'" : $"expected '{expected}' at the end");
            }

            _position++;
        }

        private readonly FormatException Error(string problem) =>
            new($"Invalid HTTP path template '{_text}' at position {_position}: {problem}.");
    }
}
