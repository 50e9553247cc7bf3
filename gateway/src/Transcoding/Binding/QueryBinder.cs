using System.Collections;
using System.Collections.Concurrent;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Ideation.Gateway.Transcoding.Routing;

namespace Ideation.Gateway.Transcoding.Binding;

/// <summary>A query parameter resolved to the request field it sets.</summary>
internal sealed record QueryTarget(FieldDescriptor[] Path, string CanonicalPath);

/// <summary>
/// Sets request fields from the query string, for the fields that neither the path nor the body
/// binds (google.api.http). Parameter names are dotted field paths, each part the JSON name or the
/// proto name of a field; repeated fields take one parameter per value. Everything else is refused:
/// an unknown name, a field the path or body already binds, a message or map field, a value of the
/// wrong type, and a second value for a singular field.
/// </summary>
internal sealed class QueryBinder
{
    // Resolutions of valid names are cached; a recursive message makes the set of valid names
    // unbounded, hence the cap.
    private const int MaxCachedNames = 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly MessageDescriptor _request;
    private readonly IReadOnlyList<FieldDescriptor[]> _pathFields;
    private readonly BodyKind _body;
    private readonly FieldDescriptor? _bodyField;
    private readonly ConcurrentDictionary<string, QueryTarget> _resolved = new(StringComparer.Ordinal);

    public QueryBinder(MessageDescriptor request, IReadOnlyList<FieldDescriptor[]> pathFields, BodyKind body, FieldDescriptor? bodyField)
    {
        _request = request;
        _pathFields = pathFields;
        _body = body;
        _bodyField = bodyField;
    }

    /// <summary>Binds every parameter of <paramref name="queryString"/> (with or without its leading '?').</summary>
    public void Bind(IMessage request, string? queryString, JsonParser json)
    {
        if (string.IsNullOrEmpty(queryString))
        {
            return;
        }

        List<string>? singularSet = null;
        var query = queryString.AsSpan(queryString[0] == '?' ? 1 : 0);
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var key = DecodeName(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : DecodeValue(key, pair[(equals + 1)..]);
            if (key.Length == 0)
            {
                continue;
            }

            var target = Resolve(key);
            var message = request;
            for (var i = 0; i < target.Path.Length - 1; i++)
            {
                message = ProtoFields.GetOrCreateMessage(message, target.Path[i]);
            }

            var field = target.Path[^1];
            object parsed;
            try
            {
                parsed = FieldValueParser.Parse(field, value, json);
            }
            catch (FormatException exception)
            {
                throw TranscodingException.InvalidField(key, $"Invalid value for query parameter '{key}': {exception.Message}.");
            }

            if (field.IsRepeated)
            {
                ((IList)field.Accessor.GetValue(message)).Add(parsed);
                continue;
            }

            singularSet ??= [];
            if (singularSet.Contains(target.CanonicalPath))
            {
                throw TranscodingException.InvalidField(key, $"Query parameter '{key}' is given more than once, but '{target.CanonicalPath}' is not a repeated field.");
            }

            if (field.RealContainingOneof?.Accessor.GetCaseFieldDescriptor(message) is { } other && other != field)
            {
                throw TranscodingException.InvalidField(key, $"Query parameter '{key}' sets oneof '{field.RealContainingOneof.Name}', which '{other.Name}' already sets.");
            }

            singularSet.Add(target.CanonicalPath);
            field.Accessor.SetValue(message, parsed);
        }
    }

    /// <summary>The field a parameter name sets; throws INVALID_ARGUMENT when it may not be set from the query string.</summary>
    public QueryTarget Resolve(string key)
    {
        if (_resolved.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var target = ResolveUncached(key);
        if (_resolved.Count < MaxCachedNames)
        {
            _resolved.TryAdd(key, target);
        }

        return target;
    }

    private QueryTarget ResolveUncached(string key)
    {
        if (_body == BodyKind.Whole)
        {
            throw TranscodingException.InvalidField(key, $"Unknown query parameter '{key}': this method takes its fields from the JSON body, not from the query string.");
        }

        var names = key.Split('.');
        var path = new FieldDescriptor[names.Length];
        var message = _request;
        for (var i = 0; i < names.Length; i++)
        {
            var field = ProtoFields.Find(message, names[i]);
            if (field is null)
            {
                var where = i == 0 ? message.Name : $"{message.Name} (at '{names[i]}')";
                throw TranscodingException.InvalidField(key, $"Unknown query parameter '{key}': {where} has no such field.");
            }

            path[i] = field;
            if (i < names.Length - 1)
            {
                if (field.FieldType != FieldType.Message || field.IsRepeated || ProtoFields.IsScalarLike(field.MessageType))
                {
                    throw TranscodingException.InvalidField(key, $"Unknown query parameter '{key}': '{field.Name}' is not a message field.");
                }

                message = field.MessageType;
            }
        }

        var canonical = string.Join('.', path.Select(field => field.Name));
        if (!ProtoFields.IsScalarField(path[^1]))
        {
            throw TranscodingException.InvalidField(key, $"Query parameter '{key}' names '{canonical}', a {(path[^1].IsMap ? "map" : "message")} field, which cannot be set from the query string; set its fields one by one.");
        }

        if (_bodyField is not null && path[0] == _bodyField)
        {
            throw TranscodingException.InvalidField(key, $"Query parameter '{key}' names '{canonical}', which the JSON body sets.");
        }

        foreach (var bound in _pathFields)
        {
            if (StartsWith(path, bound) || StartsWith(bound, path))
            {
                throw TranscodingException.InvalidField(key, $"Query parameter '{key}' names '{canonical}', which the URL path sets.");
            }
        }

        return new QueryTarget(path, canonical);
    }

    private static bool StartsWith(FieldDescriptor[] path, FieldDescriptor[] prefix) =>
        prefix.Length <= path.Length && path.AsSpan(0, prefix.Length).SequenceEqual(prefix);

    /// <summary>
    /// Form URL decoding: '+' is a space, then percent-escapes, whose bytes must be UTF-8. Invalid
    /// UTF-8 is refused rather than kept as its escapes (Uri.UnescapeDataString's way), which would
    /// hand the service text the client never meant, such as a filename with "%C3" in it.
    /// </summary>
    private static string Decode(ReadOnlySpan<char> text)
    {
        if (!text.ContainsAny('%', '+'))
        {
            return text.ToString();
        }

        var bytes = System.Net.WebUtility.UrlDecodeToBytes(Encoding.UTF8.GetBytes(text.ToString()), 0, Encoding.UTF8.GetByteCount(text));
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException($"'{text}' is not valid UTF-8 once percent-decoded");
        }
    }

    private static string DecodeName(ReadOnlySpan<char> text)
    {
        try
        {
            return Decode(text);
        }
        catch (FormatException exception)
        {
            throw TranscodingException.InvalidArgument($"Invalid query parameter name: {exception.Message}.");
        }
    }

    private static string DecodeValue(string key, ReadOnlySpan<char> text)
    {
        try
        {
            return Decode(text);
        }
        catch (FormatException exception)
        {
            throw TranscodingException.InvalidField(key, $"Invalid value for query parameter '{key}': {exception.Message}.");
        }
    }
}
