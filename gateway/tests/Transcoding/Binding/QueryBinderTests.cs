using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Ideation.Gateway.Transcoding;
using Ideation.Gateway.Transcoding.Binding;
using Ideation.Gateway.Transcoding.Json;
using Ideation.Gateway.Transcoding.Routing;
using Ideation.Testing.Transcoding.V1;

namespace Ideation.Gateway.Tests.Transcoding.Binding;

public sealed class QueryBinderTests
{
    private static readonly ProtoJson Json = new([TranscodingTestReflection.Descriptor]);

    [Fact]
    public void Binds_every_scalar_kind_by_json_or_proto_name()
    {
        var bound = Bind("?doubleValue=1.5&float_value=-2.5&int32Value=-3&int64_value=-9007199254740993&uint32Value=4000000000"
            + "&uint64Value=18446744073709551615&sint32Value=-7&sint64Value=-8&fixed32Value=9&fixed64Value=10&sfixed32Value=-11"
            + "&sfixed64Value=-12&boolValue=true&string_value=a+b%26c&bytesValue=AQID&customName=x");

        Assert.Equal(new AllTypes
        {
            DoubleValue = 1.5, FloatValue = -2.5f, Int32Value = -3, Int64Value = -9007199254740993, Uint32Value = 4000000000,
            Uint64Value = ulong.MaxValue, Sint32Value = -7, Sint64Value = -8, Fixed32Value = 9, Fixed64Value = 10,
            Sfixed32Value = -11, Sfixed64Value = -12, BoolValue = true, StringValue = "a b&c",
            BytesValue = ByteString.CopyFrom(1, 2, 3), Renamed = "x",
        }, bound);
    }

    [Fact]
    public void Binds_nested_fields_with_dots()
    {
        var bound = Bind("?nested.text=a&nested.child.number=5&nested.child.child.color=COLOR_GREEN");

        Assert.Equal("a", bound.Nested.Text);
        Assert.Equal(5, bound.Nested.Child.Number);
        Assert.Equal(Color.Green, bound.Nested.Child.Child.Color);
    }

    [Fact]
    public void Binds_repeated_fields_by_repetition_in_order()
    {
        var bound = Bind("?repeatedString=b&repeatedString=a&repeatedInt64=-1&repeatedInt64=9223372036854775807&repeatedColor=COLOR_RED&repeatedColor=2");

        Assert.Equal(["b", "a"], bound.RepeatedString);
        Assert.Equal([-1L, long.MaxValue], bound.RepeatedInt64);
        Assert.Equal([Color.Red, Color.Green], bound.RepeatedColor);
    }

    [Theory]
    [InlineData("COLOR_GREEN", Color.Green)]
    [InlineData("2", Color.Green)]
    [InlineData("0", Color.Unspecified)]
    public void Binds_enums_by_name_or_number(string value, Color expected) =>
        Assert.Equal(expected, Bind($"?color={value}").Color);

    [Fact]
    public void Binds_wrappers_as_their_values_and_zero_as_present()
    {
        var bound = Bind("?int32Wrapper=0&int64Wrapper=-5&stringWrapper=&boolWrapper=false&doubleWrapper=0.5&uint64Wrapper=7&bytesWrapper=AQ==");

        Assert.Equal(0, bound.Int32Wrapper);
        Assert.Equal(-5L, bound.Int64Wrapper);
        Assert.Equal("", bound.StringWrapper);
        Assert.False(bound.BoolWrapper);
        Assert.Equal(0.5, bound.DoubleWrapper);
        Assert.Equal(7UL, bound.Uint64Wrapper);
        Assert.Equal(ByteString.CopyFrom(1), bound.BytesWrapper);
        Assert.Null(Bind("").Int32Wrapper);
    }

    [Fact]
    public void Binds_timestamps_durations_and_field_masks_in_their_json_form()
    {
        var bound = Bind("?timestamp=2024-05-06T07:08:09.5%2B02:00&duration=-1.25s&fieldMask=nested.text,repeatedString");

        Assert.Equal(new DateTimeOffset(2024, 5, 6, 5, 8, 9, 500, TimeSpan.Zero), bound.Timestamp.ToDateTimeOffset());
        Assert.Equal(TimeSpan.FromSeconds(-1.25), bound.Duration.ToTimeSpan());
        Assert.Equal(["nested.text", "repeated_string"], bound.FieldMask.Paths);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("FALSE", false)]
    public void Binds_booleans(string value, bool expected) => Assert.Equal(expected, Bind($"?boolValue={value}").BoolValue);

    [Fact]
    public void Binds_a_oneof_member_and_an_explicit_optional()
    {
        var bound = Bind("?choiceNumber=3&optionalInt32=0");

        Assert.Equal(AllTypes.ChoiceOneofCase.ChoiceNumber, bound.ChoiceCase);
        Assert.True(bound.HasOptionalInt32);
    }

    [Fact]
    public void Accepts_url_safe_base64_without_padding() =>
        Assert.Equal(ByteString.CopyFrom(0xfb, 0xff), Bind("?bytesValue=-_8").BytesValue);

    [Theory]
    [InlineData("?nope=1", "nope", "Unknown query parameter 'nope'")]
    [InlineData("?nested.nope=1", "nested.nope", "Unknown query parameter 'nested.nope'")]
    [InlineData("?stringValue.x=1", "stringValue.x", "'string_value' is not a message field")]
    [InlineData("?timestamp.seconds=1", "timestamp.seconds", "is not a message field")]
    [InlineData("?repeatedNested.text=1", "repeatedNested.text", "is not a message field")]
    [InlineData("?nested=1", "nested", "a message field, which cannot be set from the query string")]
    [InlineData("?labels=1", "labels", "a map field")]
    [InlineData("?structValue=1", "structValue", "a message field")]
    [InlineData("?int32Value=1.5", "int32Value", "is not a 32-bit integer")]
    [InlineData("?int32Value=2147483648", "int32Value", "is not a 32-bit integer")]
    [InlineData("?uint32Value=-1", "uint32Value", "is not an unsigned 32-bit integer")]
    [InlineData("?int64Value=1e3", "int64Value", "is not a 64-bit integer")]
    [InlineData("?floatValue=1e39", "floatValue", "is not a 32-bit floating-point number")]
    [InlineData("?doubleValue=one", "doubleValue", "is not a number")]
    [InlineData("?boolValue=1", "boolValue", "is not a boolean")]
    [InlineData("?color=COLOR_PURPLE", "color", "is not a value of ideation.testing.v1.Color")]
    [InlineData("?color=7", "color", "is not a value of ideation.testing.v1.Color")]
    [InlineData("?bytesValue=%25", "bytesValue", "is not base64")]
    [InlineData("?stringValue=a%C3%28b", "stringValue", "not valid UTF-8")]
    [InlineData("?stringValue=%FF", "stringValue", "not valid UTF-8")]
    [InlineData("?timestamp=2024-13-01T00:00:00Z", "timestamp", "is not a valid google.protobuf.Timestamp")]
    [InlineData("?duration=5", "duration", "is not a valid google.protobuf.Duration")]
    [InlineData("?fieldMask=a_b", "fieldMask", "is not a valid google.protobuf.FieldMask")]
    [InlineData("?int32Wrapper=x", "int32Wrapper", "is not a 32-bit integer")]
    [InlineData("?stringValue=a&string_value=b", "string_value", "given more than once")]
    [InlineData("?choiceText=a&choiceNumber=1", "choiceNumber", "already sets")]
    public void Refuses_with_a_field_violation(string query, string parameter, string problem)
    {
        var error = Assert.Throws<TranscodingException>(() => Bind(query));

        Assert.Equal(3, error.Status.Code);
        Assert.Contains(problem, error.Status.Message);
        var violation = Assert.Single(error.Status.Details.Single().Unpack<Google.Rpc.BadRequest>().FieldViolations);
        Assert.Equal(parameter, violation.Field);
    }

    [Fact]
    public void Refuses_fields_that_the_path_or_the_body_binds()
    {
        var name = EchoWithBodyFieldRequest.Descriptor.FindFieldByName("id");
        var nested = EchoWithBodyFieldRequest.Descriptor.FindFieldByName("nested");
        var binder = new QueryBinder(EchoWithBodyFieldRequest.Descriptor, [[name]], BodyKind.Field, nested);

        Assert.Contains("the URL path sets", Refusal(binder, "?id=x"));
        Assert.Contains("the JSON body sets", Refusal(binder, "?nested.text=x"));
        var request = new EchoWithBodyFieldRequest();
        binder.Bind(request, "?note=n&numbers=1&numbers=2", Json.Parser);
        Assert.Equal(("n", 2), (request.Note, request.Numbers.Count));
    }

    [Fact]
    public void Refuses_every_parameter_when_the_body_is_the_whole_request()
    {
        var binder = new QueryBinder(AllTypes.Descriptor, [], BodyKind.Whole, null);

        Assert.Contains("takes its fields from the JSON body", Refusal(binder, "?stringValue=x"));
    }

    [Fact]
    public void Refuses_a_nested_field_under_a_path_bound_prefix()
    {
        var book = UpdateBookRequest.Descriptor.FindFieldByName("book");
        var binder = new QueryBinder(UpdateBookRequest.Descriptor, [[book, book.MessageType.FindFieldByName("name")]], BodyKind.None, null);

        Assert.Contains("the URL path sets", Refusal(binder, "?book.name=x"));
        var request = new UpdateBookRequest();
        binder.Bind(request, "?book.title=t&updateMask=title", Json.Parser);
        Assert.Equal("t", request.Book.Title);
    }

    private static AllTypes Bind(string query)
    {
        var message = new AllTypes();
        new QueryBinder(AllTypes.Descriptor, [], BodyKind.None, null).Bind(message, query, Json.Parser);
        return message;
    }

    private static string Refusal(QueryBinder binder, string query) =>
        Assert.Throws<TranscodingException>(() => binder.Bind(new EchoWithBodyFieldRequest(), query, Json.Parser)).Status.Message;
}
