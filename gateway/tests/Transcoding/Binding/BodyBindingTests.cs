using System.Buffers;
using System.Text;
using Google.Api;
using Google.Protobuf;
using Ideation.Gateway.Transcoding;
using Ideation.Gateway.Transcoding.Binding;
using Ideation.Gateway.Transcoding.Json;
using Ideation.Gateway.Transcoding.Routing;
using Ideation.Testing.Transcoding.V1;

namespace Ideation.Gateway.Tests.Transcoding.Binding;

public sealed class BodyBindingTests
{
    private static readonly ProtoJson Json = new([TranscodingTestReflection.Descriptor]);
    private static readonly RouteTable Routes = RouteTable.Build([TranscodingTestReflection.Descriptor]);

    [Fact]
    public void Body_star_is_the_whole_request()
    {
        var request = (AllTypes)Read("POST", "/v1/echo", """{"stringValue":"s","int64_value":"5","nested":{"text":"n"},"labels":{"k":"v"}}""");

        Assert.Equal(new AllTypes { StringValue = "s", Int64Value = 5, Nested = new Nested { Text = "n" }, Labels = { ["k"] = "v" } }, request);
    }

    [Fact]
    public void A_body_field_holds_only_that_field()
    {
        var request = (CreateBookRequest)Read("POST", "/v1/shelves/s1/books", """{"title":"T","priceCents":"12"}""");

        Assert.Equal(new CreateBookRequest { Book = new Book { Title = "T", PriceCents = 12 } }, request);
    }

    [Fact]
    public void A_repeated_body_field_takes_a_json_array()
    {
        var request = (EchoRepeatedBodyRequest)Read("POST", "/v1/echo/x/labels", """["a","b"]""");

        Assert.Equal(["a", "b"], request.Labels);
    }

    [Fact]
    public void A_repeated_body_field_cannot_smuggle_other_fields() =>
        Assert.Contains("not a valid field 'labels'", Refusal("POST", "/v1/echo/x/labels", """["a"], "id": "smuggled" """));

    [Fact]
    public void An_absent_body_is_an_empty_message() =>
        Assert.Equal(new ArchiveBookRequest(), Read("POST", "/v1/shelves/s1/books/b1:archive", "", contentType: null));

    [Fact]
    public void An_http_body_field_takes_the_raw_bytes_and_content_type()
    {
        var request = (UploadCoverRequest)Read("POST", "/v1/shelves/s1/books/b1:uploadCover", "\u0001raw", contentType: "image/png");

        Assert.Equal(new HttpBody { ContentType = "image/png", Data = ByteString.CopyFrom(Encoding.UTF8.GetBytes("\u0001raw")) }, request.Cover);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/merge-patch+json")]
    [InlineData("APPLICATION/JSON")]
    public void Accepts_json_content_types(string contentType) =>
        Assert.Equal("s", ((AllTypes)Read("POST", "/v1/echo", """{"stringValue":"s"}""", contentType)).StringValue);

    [Fact]
    public void Decodes_a_declared_charset()
    {
        var body = Encoding.Unicode.GetBytes("""{"stringValue":"é"}""");
        var route = RouteOf("POST", "/v1/echo");

        var request = (AllTypes)RequestBinder.ReadBody(new ReadOnlySequence<byte>(body), "application/json; charset=utf-16", route, Json);

        Assert.Equal("é", request.StringValue);
    }

    [Theory]
    [InlineData("{", null, "not a valid ideation.testing.v1.AllTypes")]
    [InlineData("""{"strngValue":1}""", null, "Unknown field")]
    [InlineData("""{"int32Value":"x"}""", null, "not a valid")]
    [InlineData("[]", null, "not a valid")]
    [InlineData("null", null, "not a valid")]
    [InlineData("""{"stringValue":"s"}""", "text/plain", "must be JSON")]
    [InlineData("""{"stringValue":"s"}""", "application/json; charset=nope", "not a known encoding")]
    public void Refuses_bodies_that_are_not_the_request_in_json(string body, string? contentType, string problem) =>
        Assert.Contains(problem, Refusal("POST", "/v1/echo", body, contentType ?? "application/json"));

    /// <summary>Replaced with U+FFFD, the bytes would become text the client never sent.</summary>
    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xFF })]
    public void Refuses_a_body_that_is_not_valid_utf8(byte[] invalid)
    {
        byte[] body = [.. "{\"stringValue\":\""u8, .. invalid, .. "\"}"u8];
        var error = Assert.Throws<TranscodingException>(() =>
            RequestBinder.ReadBody(new ReadOnlySequence<byte>(body), "application/json", RouteOf("POST", "/v1/echo"), Json));

        Assert.Equal(3, error.Status.Code);
        Assert.Contains("not valid utf-8", error.Status.Message, StringComparison.Ordinal);
    }

    private static IMessage Read(string method, string path, string body, string? contentType = "application/json") =>
        RequestBinder.ReadBody(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(body)), contentType, RouteOf(method, path), Json);

    private static string Refusal(string method, string path, string body, string contentType = "application/json")
    {
        var error = Assert.Throws<TranscodingException>(() => Read(method, path, body, contentType));
        Assert.Equal(3, error.Status.Code);
        return error.Status.Message;
    }

    private static TranscodedRoute RouteOf(string method, string path)
    {
        Assert.Equal(RouteMatchStatus.Matched, Routes.Match(method, path, out var route, out _));
        return route!;
    }
}
