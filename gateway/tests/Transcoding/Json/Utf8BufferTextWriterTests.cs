using System.Text;
using Google.Protobuf;
using Ideation.Gateway.Transcoding.Json;
using Ideation.Testing.Transcoding.V1;

namespace Ideation.Gateway.Tests.Transcoding.Json;

public sealed class Utf8BufferTextWriterTests
{
    [Fact]
    public void Encodes_what_the_formatter_writes_as_utf8()
    {
        // ASCII, two-byte, three-byte and surrogate-pair characters, and a control character JSON escapes.
        var message = new AllTypes { StringValue = "a é € 𝄞 \u0001", RepeatedString = { new string('x', 10_000) + "😀" } };

        var writer = Utf8BufferTextWriter.Rent();
        JsonFormatter.Default.Format(message, writer);
        writer.Flush();

        Assert.Equal(JsonFormatter.Default.Format(message), Encoding.UTF8.GetString(writer.WrittenSpan));
    }

    [Fact]
    public void Keeps_a_surrogate_pair_split_across_writes()
    {
        var writer = Utf8BufferTextWriter.Rent();
        var clef = "𝄞";

        writer.Write(clef[0]);
        writer.Write(clef[1]);
        writer.Write('!');
        writer.Flush();

        Assert.Equal("𝄞!", Encoding.UTF8.GetString(writer.WrittenSpan));
    }

    [Fact]
    public void Starts_empty_on_every_rent()
    {
        var writer = Utf8BufferTextWriter.Rent();
        writer.Write("left over");

        Assert.Equal(0, Utf8BufferTextWriter.Rent().WrittenSpan.Length);
    }
}
