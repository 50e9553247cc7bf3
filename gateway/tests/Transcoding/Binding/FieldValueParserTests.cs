using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Ideation.Gateway.Transcoding.Binding;
using Ideation.Gateway.Transcoding.Json;
using Ideation.Testing.Transcoding.V1;

namespace Ideation.Gateway.Tests.Transcoding.Binding;

public sealed class FieldValueParserTests
{
    private static readonly ProtoJson Json = new([TranscodingTestReflection.Descriptor]);

    [Theory]
    [InlineData("double_value", "NaN", double.NaN)]
    [InlineData("double_value", "-Infinity", double.NegativeInfinity)]
    [InlineData("double_value", "1e-3", 0.001)]
    [InlineData("float_value", "Infinity", float.PositiveInfinity)]
    [InlineData("int32_value", "+7", 7)]
    [InlineData("sint64_value", "-9223372036854775808", long.MinValue)]
    [InlineData("fixed64_value", "18446744073709551615", ulong.MaxValue)]
    [InlineData("bool_value", "True", true)]
    [InlineData("string_value", "", "")]
    [InlineData("color", "COLOR_RED", 1)]
    [InlineData("int64_wrapper", "-1", -1L)]
    [InlineData("bool_wrapper", "false", false)]
    public void Parses_scalars_as_the_json_mapping_does(string field, string text, object expected) =>
        Assert.Equal(expected, FieldValueParser.Parse(AllTypes.Descriptor.FindFieldByName(field), text, Json.Parser));

    [Fact]
    public void Parses_bytes_in_standard_and_url_safe_base64() =>
        Assert.All(new[] { "+/8=", "+/8", "-_8=", "-_8" }, text =>
            Assert.Equal(ByteString.CopyFrom(0xfb, 0xff), FieldValueParser.Parse(AllTypes.Descriptor.FindFieldByName("bytes_value"), text, Json.Parser)));

    [Fact]
    public void Parses_well_known_types_from_their_json_strings()
    {
        Assert.Equal(Timestamp.FromDateTime(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc)),
            FieldValueParser.Parse(AllTypes.Descriptor.FindFieldByName("timestamp"), "2024-01-02T03:04:05Z", Json.Parser));
        Assert.Equal(Duration.FromTimeSpan(TimeSpan.FromMilliseconds(1500)),
            FieldValueParser.Parse(AllTypes.Descriptor.FindFieldByName("duration"), "1.5s", Json.Parser));
        Assert.Equal(FieldMask.FromString("a.b_c,d"),
            FieldValueParser.Parse(AllTypes.Descriptor.FindFieldByName("field_mask"), "a.bC,d", Json.Parser));
        Assert.Equal(FieldMask.FromString("quote\"d"),
            FieldValueParser.Parse(AllTypes.Descriptor.FindFieldByName("field_mask"), "quote\"d", Json.Parser));
    }
}
