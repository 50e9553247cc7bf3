using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using Ideation.ServiceDefaults.Errors;
using Ideation.Testing;
using Npgsql;

namespace Ideation.Ideas.Tests.Functional;

/// <summary>
/// Request bytes that do not decode as their message, sent in raw gRPC frames to the running service:
/// INVALID_ARGUMENT with a google.rpc.Status naming the field (UNKNOWN before: grpc-dotnet decodes
/// before any interceptor and calls the parse error a server fault), and nothing stored.
/// </summary>
public sealed class UndecodableRequestTests(IdeasServiceFixture service) : IClassFixture<IdeasServiceFixture>
{
    private const string CreateIdea = "ideation.ideas.v1.IdeaService/CreateIdea";

    private string Address => $"http://127.0.0.1:{service.ServicePort}";

    [Theory]
    [InlineData("0a0512", "idea")] // idea: a length of 5, one byte follows
    [InlineData("0a03120541", "idea.title")] // idea.title: a length past the end of idea
    [InlineData("10ffff", "request_id")] // request_id as a varint that ends mid-way
    [InlineData("0f00", null)] // a tag with wire type 7, which does not exist: the tag itself is broken, so no field is named
    public async Task Malformed_protobuf_is_invalid_argument_naming_the_field_and_creates_nothing(string hex, string? field)
    {
        var author = TestUser.Submitter();
        var before = await IdeaRowsAsync();

        var answer = await RawGrpcCall.SendAsync(Address, CreateIdea, author.Token, Convert.FromHexString(hex));

        Assert.Equal(StatusCode.InvalidArgument, answer.Status);
        Assert.Contains("not a valid ideation.ideas.v1.CreateIdeaRequest message", answer.Message, StringComparison.Ordinal);
        Assert.Equal((int)StatusCode.InvalidArgument, answer.Details?.Code);
        Assert.Equal(RpcErrors.MalformedRequestReason, answer.Reason);
        Assert.Equal(field is null ? [] : [field], answer.Fields);
        Assert.Equal(before, await IdeaRowsAsync());
    }

    [Fact]
    public async Task Invalid_utf8_in_strings_is_invalid_argument_naming_each_field_and_creates_nothing()
    {
        var author = TestUser.Submitter();
        var before = await IdeaRowsAsync();
        var request = new CreateIdeaRequest
        {
            Idea = new Idea { Title = "A@@B", Description = "Valid description.", Category = "workplace", Tags = { "ok", "t@@@" } },
        }.ToByteArray();
        Replace(request, "A@@B", [0x41, 0xC3, 0x28, 0x42]); // C3 starts a two-byte sequence that '(' does not continue
        Replace(request, "t@@@", [0x74, 0xED, 0xA0, 0x80]); // a UTF-16 surrogate, encoded as UTF-8

        var answer = await RawGrpcCall.SendAsync(Address, CreateIdea, author.Token, request);

        Assert.Equal(StatusCode.InvalidArgument, answer.Status);
        Assert.Equal("INVALID_ARGUMENT", answer.Reason);
        Assert.Equal(["idea.title", "idea.tags[1]"], answer.Fields);
        Assert.Equal(before, await IdeaRowsAsync());
    }

    [Fact]
    public async Task The_same_frames_carrying_a_valid_message_create_the_idea()
    {
        // The raw client itself is right: what it refuses above is the bytes, not the call.
        var request = new CreateIdeaRequest { Idea = new Idea { Title = "Raw frames", Description = "d", Category = "workplace" } };

        var answer = await RawGrpcCall.SendAsync(Address, CreateIdea, TestUser.Submitter().Token, request.ToByteArray());

        Assert.Equal(StatusCode.OK, answer.Status);
    }

    [Fact]
    public async Task Without_a_token_an_undecodable_request_is_unauthenticated_first()
    {
        // The service's [Authorize] still applies to methods bound with the refusing marshaller.
        var answer = await RawGrpcCall.SendAsync(Address, CreateIdea, token: null, Convert.FromHexString("0a0512"));

        Assert.Equal(StatusCode.Unauthenticated, answer.Status);
    }

    private static void Replace(byte[] bytes, string standIn, byte[] raw)
    {
        var at = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(standIn));
        Assert.True(at >= 0, $"'{standIn}' is not in the message");
        raw.CopyTo(bytes, at);
    }

    private async Task<long> IdeaRowsAsync()
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT (SELECT count(*) FROM ideas) + (SELECT count(*) FROM idea_events) + (SELECT count(*) FROM idea_outbox)", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
