using System.Text;

namespace Ideation.Gateway.Tests.Fuzzing;

/// <summary>
/// One generated REST request, as sent: what the fuzzer prints when a property fails, so that it reads
/// as the request itself (method, target, headers that matter, the body's start) and the mutations
/// that made it.
/// </summary>
public sealed record FuzzRequest(
    string Rpc,
    string Method,
    string PathAndQuery,
    FuzzIdentity Identity,
    string? ContentType,
    byte[]? Body,
    bool Http2,
    IReadOnlyList<Mutation> Mutations)
{
    private const int BodyPreviewChars = 400;

    public override string ToString()
    {
        var text = new StringBuilder()
            .Append(Method).Append(' ').Append(PathAndQuery)
            .Append(Http2 ? " HTTP/2" : " HTTP/1.1")
            .Append(" as ").Append(Identity)
            .Append(" (from ").Append(Rpc).Append(')');
        if (ContentType is not null)
        {
            text.Append(" Content-Type: ").Append(ContentType);
        }

        if (Body is not null)
        {
            text.Append(" body (").Append(Body.Length).Append(" bytes): ").Append(Preview(Body));
        }

        text.Append(" mutations: [").AppendJoin(", ", Mutations).Append(']');
        return text.ToString();
    }

    /// <summary>The body's start as text, with bytes that are not printable UTF-8 shown as \xNN.</summary>
    private static string Preview(byte[] body)
    {
        var text = new StringBuilder();
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true);
        for (var i = 0; i < body.Length && text.Length < BodyPreviewChars; i++)
        {
            var b = body[i];
            if (b is >= 0x20 and < 0x7f)
            {
                text.Append((char)b);
            }
            else if (b >= 0x80 && TryDecodeSequence(decoder, body, i, out var character, out var length))
            {
                text.Append(character);
                i += length - 1;
            }
            else
            {
                text.Append("\\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return text.Length < BodyPreviewChars ? text.ToString() : text.Append('…').ToString();
    }

    private static bool TryDecodeSequence(UTF8Encoding decoder, byte[] body, int start, out string character, out int length)
    {
        for (length = 2; length <= 4 && start + length <= body.Length; length++)
        {
            try
            {
                character = decoder.GetString(body, start, length);
                return true;
            }
            catch (DecoderFallbackException)
            {
            }
        }

        character = "";
        return false;
    }
}

/// <summary>Who sends a generated request: the roles decide which calls the backends accept.</summary>
public enum FuzzIdentity
{
    Author,
    Stranger,
    Reviewer,
    Admin,
    Anonymous,
}
