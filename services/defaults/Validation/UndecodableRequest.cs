using System.Buffers;
using System.Text.Unicode;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;
using Ideation.ServiceDefaults.Errors;

namespace Ideation.ServiceDefaults.Validation;

/// <summary>
/// The INVALID_ARGUMENT answer to request bytes that do not decode as their message. The generated
/// parser says only what went wrong, not where, so the bytes are read again, field by field along
/// the message's descriptor, to name the fields at fault as every other refusal does: each string
/// that is not valid UTF-8 (<c>idea.tags[1]</c>), and the field whose encoding is broken (truncated,
/// a varint that never ends, an invalid wire type). Only a refused request pays for that reading.
/// </summary>
internal static class UndecodableRequest
{
    /// <summary>As deep as protobuf's own parser goes.</summary>
    private const int MaxDepth = 100;

    private const string InvalidUtf8 = "The text is not valid UTF-8; send valid UTF-8.";

    public static RpcException Refusal(ReadOnlySequence<byte> payload, MessageDescriptor descriptor, InvalidProtocolBufferException exception)
    {
        var reader = new FieldReader();
        reader.Read(ByteString.CopyFrom(payload.ToArray()), descriptor, "", 0);
        var violations = new FieldViolations();
        foreach (var field in reader.InvalidText)
        {
            violations.Add(field, InvalidUtf8);
        }

        if (reader.Broken is null && !violations.IsEmpty)
        {
            // Well-formed protobuf whose only fault is its text: the same answer as any other invalid field.
            return violations.ToException();
        }

        if (reader.Broken is { Field: { } brokenField, Problem: var problem })
        {
            violations.Add(brokenField, $"The field's encoding is malformed: {problem}");
        }

        return RpcErrors.MalformedRequest($"The request is not a valid {descriptor.FullName} message: {exception.Message}", violations.All);
    }

    /// <summary>Walks the encoded fields; remembers the strings that are not UTF-8 and where the encoding first broke.</summary>
    private sealed class FieldReader
    {
        public List<string> InvalidText { get; } = [];

        /// <summary>The first break: the field being read (null when no known field was), and the parser's words.</summary>
        public (string? Field, string Problem)? Broken { get; private set; }

        public void Read(ByteString bytes, MessageDescriptor descriptor, string prefix, int depth)
        {
            var input = bytes.CreateCodedInput();
            var occurrences = new Dictionary<int, int>();
            string? current = null;
            try
            {
                uint tag;
                while ((tag = input.ReadTag()) != 0)
                {
                    var field = descriptor.FindFieldByNumber(WireFormat.GetTagFieldNumber(tag));
                    current = field is null ? null : PathOf(field, prefix, occurrences);
                    if (field is null
                        || WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited
                        || field.FieldType is not (FieldType.String or FieldType.Message))
                    {
                        input.SkipLastField();
                    }
                    else if (field.FieldType == FieldType.String)
                    {
                        if (!Utf8.IsValid(input.ReadBytes().Span))
                        {
                            InvalidText.Add(current!);
                        }
                    }
                    else
                    {
                        var nested = input.ReadBytes();
                        if (depth < MaxDepth)
                        {
                            Read(nested, field.MessageType, current + ".", depth + 1);
                        }
                    }

                    current = null;
                }
            }
            catch (InvalidProtocolBufferException exception)
            {
                // The bytes of this message end here; those of its parent, whose length was right, go on.
                Broken ??= (current ?? (prefix.Length > 0 ? prefix[..^1] : null), exception.Message);
            }
        }

        /// <summary>The field's path as refusals name it: <c>idea.title</c>, <c>idea.tags[1]</c> (the n-th occurrence of a repeated field).</summary>
        private static string PathOf(FieldDescriptor field, string prefix, Dictionary<int, int> occurrences)
        {
            if (!field.IsRepeated)
            {
                return prefix + field.Name;
            }

            occurrences.TryGetValue(field.FieldNumber, out var index);
            occurrences[field.FieldNumber] = index + 1;
            return $"{prefix}{field.Name}[{index}]";
        }
    }
}
