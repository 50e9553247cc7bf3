using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;

namespace Ideation.Gateway.Tests.Fuzzing;

public enum MutationStage
{
    /// <summary>Changes the method, path, query, headers or JSON tree.</summary>
    Structure,

    /// <summary>Changes the rendered body's bytes.</summary>
    Bytes,
}

/// <summary>
/// One change that turns a valid request into a hostile one. Each carries its own random choices
/// (<c>Pick</c> selects among what the request has), so that applying it is deterministic and its
/// printed form says exactly what it did.
/// </summary>
public abstract record Mutation
{
    public virtual MutationStage Stage => MutationStage.Structure;

    public virtual void Apply(RequestDraft draft)
    {
    }

    public virtual byte[] ApplyToBody(byte[] body) => body;

    protected static int Index(int pick, int count) => count == 0 ? -1 : (int)((uint)pick % (uint)count);
}

public sealed record WrongMethod(string Method) : Mutation
{
    public override void Apply(RequestDraft draft) => draft.Method = Method;
}

public sealed record AsIdentity(FuzzIdentity Identity) : Mutation
{
    public override void Apply(RequestDraft draft) => draft.Identity = Identity;
}

/// <summary>A variable's segment (or any segment, when there are none) replaced by a hostile value.</summary>
public sealed record BadSegment(int Pick, string Value) : Mutation
{
    public override void Apply(RequestDraft draft)
    {
        // Another mutation may have removed segments: only variables still in the path count.
        var variables = draft.VariableSegments.Where(index => index < draft.Segments.Count).ToList();
        var index = variables.Count > 0 ? variables[Index(Pick, variables.Count)] : Index(Pick, draft.Segments.Count);
        draft.Segments[index] = Value;
    }
}

public sealed record ExtraSegment(int Pick, string Value) : Mutation
{
    public override void Apply(RequestDraft draft) => draft.Segments.Insert(Index(Pick, draft.Segments.Count + 1), Value);
}

public sealed record MissingSegment(int Pick) : Mutation
{
    public override void Apply(RequestDraft draft)
    {
        if (draft.Segments.Count > 1)
        {
            draft.Segments.RemoveAt(Index(Pick, draft.Segments.Count));
        }
    }
}

/// <summary>Every character of a literal segment percent-encoded: the same path to a server that decodes it.</summary>
public sealed record EncodedSegment(int Pick) : Mutation
{
    public override void Apply(RequestDraft draft)
    {
        var index = Index(Pick, draft.Segments.Count);
        draft.Segments[index] = string.Concat(Encoding.UTF8.GetBytes(draft.Segments[index]).Select(b => $"%{b:X2}"));
    }
}

/// <summary>Another custom verb, none, or one where the route has none.</summary>
public sealed record WrongVerb(string? Verb) : Mutation
{
    public override void Apply(RequestDraft draft) => draft.Verb = Verb;
}

public sealed record ExtraQueryParameter(string Key, string? Value) : Mutation
{
    public override void Apply(RequestDraft draft) => draft.Query.Add((Key, Value));
}

/// <summary>A parameter the route accepts, with a value of the wrong type (or a huge or badly encoded one).</summary>
public sealed record WrongQueryValue(int Pick, string Value) : Mutation
{
    public override void Apply(RequestDraft draft)
    {
        if (draft.QueryFields.Count > 0)
        {
            draft.Query.Add((draft.QueryFields[Index(Pick, draft.QueryFields.Count)].JsonName, Value));
        }
    }
}

public sealed record RepeatedQueryParameter(int Pick) : Mutation
{
    public override void Apply(RequestDraft draft)
    {
        if (draft.Query.Count > 0)
        {
            draft.Query.Add(draft.Query[Index(Pick, draft.Query.Count)]);
        }
    }
}

public sealed record WithContentType(string? ContentType) : Mutation
{
    public override void Apply(RequestDraft draft) => draft.ContentType = ContentType;
}

/// <summary>A body where the route takes none, or a body the route takes replaced by raw text.</summary>
public sealed record RawBody(string Text) : Mutation
{
    public override void Apply(RequestDraft draft)
    {
        draft.Json = null;
        draft.RawBody = Encoding.UTF8.GetBytes(Text);
        draft.ContentType ??= "application/json";
    }
}

public sealed record NoBody : Mutation
{
    public override void Apply(RequestDraft draft)
    {
        draft.Json = null;
        draft.RawBody = null;
    }
}

/// <summary>A JSON field (of the body's message, or an unknown one) set to a value given as raw JSON text.</summary>
public sealed record FieldValue(int Pick, string RawJson) : Mutation
{
    public override void Apply(RequestDraft draft)
    {
        if (draft.Json is null)
        {
            return;
        }

        var names = draft.Json.Select(property => property.Key).ToList();
        var name = names.Count > 0 ? names[Index(Pick, names.Count)] : "title";
        var placeholder = $"__fuzz_raw_{draft.RawValues.Count}__";
        draft.RawValues[placeholder] = RawJson;
        draft.Json[name] = placeholder;
    }
}

public sealed record UnknownField(string Name, string RawJson) : Mutation
{
    public override void Apply(RequestDraft draft)
    {
        if (draft.Json is null)
        {
            return;
        }

        var placeholder = $"__fuzz_raw_{draft.RawValues.Count}__";
        draft.RawValues[placeholder] = RawJson;
        draft.Json[Name] = placeholder;
    }
}

public sealed record MissingField(int Pick) : Mutation
{
    public override void Apply(RequestDraft draft)
    {
        if (draft.Json is { Count: > 0 } json)
        {
            json.Remove(json.ElementAt(Index(Pick, json.Count)).Key);
        }
    }
}

/// <summary>Every enum field of the body set to a value out of the enum's range.</summary>
public sealed record EnumOutOfRange(string RawJson, IReadOnlyList<FieldDescriptor> EnumFields) : Mutation
{
    public override void Apply(RequestDraft draft)
    {
        if (draft.Json is null)
        {
            return;
        }

        foreach (var field in EnumFields)
        {
            var placeholder = $"__fuzz_raw_{draft.RawValues.Count}__";
            draft.RawValues[placeholder] = RawJson;
            draft.Json[field.JsonName] = placeholder;
        }
    }

    public override string ToString() => $"EnumOutOfRange {{ RawJson = {RawJson}, Fields = {string.Join(',', EnumFields.Select(field => field.Name))} }}";
}

/// <summary>The body cut short at a fraction of its length: JSON that ends in the middle.</summary>
public sealed record TruncatedBody(int Percent) : Mutation
{
    public override MutationStage Stage => MutationStage.Bytes;

    public override byte[] ApplyToBody(byte[] body) => body[..(body.Length * Percent / 100)];
}

/// <summary>Bytes inserted into the body: invalid UTF-8, NUL, a byte order mark, stray punctuation.</summary>
public sealed record InsertedBytes(int Pick, byte[] Bytes) : Mutation
{
    public override MutationStage Stage => MutationStage.Bytes;

    public override byte[] ApplyToBody(byte[] body)
    {
        var at = Index(Pick, body.Length + 1);
        return [.. body[..at], .. Bytes, .. body[at..]];
    }

    public override string ToString() => $"InsertedBytes {{ Pick = {Pick}, Bytes = {Convert.ToHexString(Bytes)} }}";
}
