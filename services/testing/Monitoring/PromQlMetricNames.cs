namespace Ideation.Testing.Monitoring;

/// <summary>
/// The metric names a PromQL expression reads, so that tests can hold alert rules and dashboards to
/// the metric catalogue and to what the processes really export. A scanner rather than a parser: it
/// skips what cannot be a metric name (strings, label matchers, ranges, label lists of by, without,
/// on, ignoring and group_*, numbers and durations, keywords, Grafana variables) and takes every other
/// identifier that is not a function call.
/// </summary>
public static class PromQlMetricNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "offset", "bool", "inf", "nan",
    };

    /// <summary>Keywords followed by a parenthesised list of label names, not of expressions.</summary>
    private static readonly HashSet<string> LabelListKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right",
    };

    public static IReadOnlySet<string> In(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var text = expression.AsSpan();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '"' or '\'' or '`')
            {
                i = SkipString(text, i);
            }
            else if (c == '{')
            {
                i = SkipGroup(text, i, '{', '}');
            }
            else if (c == '[')
            {
                i = SkipGroup(text, i, '[', ']');
            }
            else if (c == '#')
            {
                i = SkipLine(text, i);
            }
            else if (c == '$')
            {
                i = SkipVariable(text, i);
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                // Numbers, durations (5m, 1h30m) and exponents (1e3): one run of letters and digits.
                i = SkipWhile(text, i, ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '_');
            }
            else if (IsIdentifierStart(c))
            {
                var end = SkipWhile(text, i, IsIdentifierPart);
                var identifier = text[i..end].ToString();
                var next = SkipWhile(text, end, char.IsWhiteSpace);
                var callsOrLists = next < text.Length && text[next] == '(';
                if (LabelListKeywords.Contains(identifier))
                {
                    i = callsOrLists ? SkipGroup(text, next, '(', ')') : end;
                    continue;
                }

                if (!callsOrLists && !Keywords.Contains(identifier) && !IsAggregationWithLabelsFirst(text, next))
                {
                    names.Add(identifier);
                }

                i = end;
            }
            else
            {
                i++;
            }
        }

        return names;
    }

    /// <summary>"sum by (label) (...)": an aggregation whose label list comes before its argument.</summary>
    private static bool IsAggregationWithLabelsFirst(ReadOnlySpan<char> text, int next)
    {
        var end = SkipWhile(text, next, IsIdentifierPart);
        var word = text[next..end];
        return word.Equals("by", StringComparison.OrdinalIgnoreCase) || word.Equals("without", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c is '_' or ':';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';

    private static int SkipWhile(ReadOnlySpan<char> text, int i, Func<char, bool> predicate)
    {
        while (i < text.Length && predicate(text[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>Past the closing quote; backslash escapes count except in raw (backtick) strings.</summary>
    private static int SkipString(ReadOnlySpan<char> text, int start)
    {
        var quote = text[start];
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '\\' && quote != '`')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                return i + 1;
            }
        }

        return text.Length;
    }

    /// <summary>Past the bracket that closes the one at <paramref name="start"/>, stepping over strings inside.</summary>
    private static int SkipGroup(ReadOnlySpan<char> text, int start, char open, char close)
    {
        var depth = 0;
        var i = start;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '"' or '\'' or '`')
            {
                i = SkipString(text, i);
                continue;
            }

            if (c == open)
            {
                depth++;
            }
            else if (c == close && --depth == 0)
            {
                return i + 1;
            }

            i++;
        }

        return text.Length;
    }

    private static int SkipLine(ReadOnlySpan<char> text, int i)
    {
        var newline = text[i..].IndexOf('\n');
        return newline < 0 ? text.Length : i + newline + 1;
    }

    /// <summary>Grafana variables: <c>$name</c>, <c>$__rate_interval</c>, <c>${name}</c>, <c>${name:format}</c>.</summary>
    private static int SkipVariable(ReadOnlySpan<char> text, int i)
    {
        if (i + 1 < text.Length && text[i + 1] == '{')
        {
            return SkipGroup(text, i + 1, '{', '}');
        }

        return SkipWhile(text, i + 1, IsIdentifierPart);
    }
}
