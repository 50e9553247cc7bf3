using Google.Api;
using Ideation.Gateway.Tests.Transcoding.Support;
using Ideation.Gateway.Transcoding.Routing;
using Ideation.Testing.Transcoding.V1;
using static Ideation.Gateway.Tests.Transcoding.Support.DynamicProto;

namespace Ideation.Gateway.Tests.Transcoding.Routing;

public sealed class RouteTableTests
{
    [Fact]
    public void Builds_one_route_per_rule_and_additional_binding()
    {
        var table = RouteTable.Build([TranscodingTestReflection.Descriptor]);

        // 15 annotated methods, two of them with an additional binding; Unexposed has no rule.
        Assert.Equal(17, table.Routes.Count);
        Assert.Empty(table.Skipped);
        Assert.DoesNotContain(table.Routes, route => route.Method.Descriptor.Name == "Unexposed");
        Assert.Equal(["GET", "POST"], table.Routes.Where(route => route.Method.Descriptor.Name == "Echo").Select(route => route.HttpMethod));
        Assert.Equal(["/v1/{**path}"], table.EndpointPatterns);
    }

    [Theory]
    [InlineData("GET", "/v1/echo", "Echo")]
    [InlineData("POST", "/v1/echo", "Echo")]
    [InlineData("GET", "/v1/echo:nested", "EchoNested")]
    [InlineData("GET", "/v1/shelves/s1", "GetShelf")]
    [InlineData("GET", "/v1/shelves/s1/", "GetShelf")]
    [InlineData("GET", "/v1/shelves/s1/books/b1", "GetBook")]
    [InlineData("GET", "/v1/books/b1", "GetBook")]
    [InlineData("POST", "/v1/shelves/s1/books", "CreateBook")]
    [InlineData("PATCH", "/v1/shelves/s1/books/b1", "UpdateBook")]
    [InlineData("DELETE", "/v1/shelves/s1/books/b1", "DeleteBook")]
    [InlineData("POST", "/v1/shelves/s1/books/b1:archive", "ArchiveBook")]
    [InlineData("POST", "/v1/shelves/s1/books/b1:uploadCover", "UploadCover")]
    [InlineData("GET", "/v1/shelves/s1/books:stream", "StreamBooks")]
    [InlineData("GET", "/v1/failures/NOT_FOUND", "Fail")]
    public void Finds_the_rule_of_a_request(string method, string path, string rpc)
    {
        var table = RouteTable.Build([TranscodingTestReflection.Descriptor]);

        Assert.Equal(RouteMatchStatus.Matched, table.Match(method, path, out var route, out _));
        Assert.Equal(rpc, route!.Method.Descriptor.Name);
    }

    [Fact]
    public void Tells_an_unknown_path_from_a_wrong_method()
    {
        var table = RouteTable.Build([TranscodingTestReflection.Descriptor]);

        Assert.Equal(RouteMatchStatus.NotFound, table.Match("GET", "/v1/nothing", out _, out _));
        Assert.Equal(RouteMatchStatus.NotFound, table.Match("GET", "/v2/echo", out _, out _));
        // An unknown verb is no verb: the colon is part of the last segment, as for any resource id.
        Assert.Equal(RouteMatchStatus.Matched, table.Match("GET", "/v1/shelves/s1/books/b1:unknownVerb", out var book, out var values));
        Assert.Equal(("GetBook", "shelves/s1/books/b1:unknownVerb"), (book!.Method.Descriptor.Name, values![0]));
        Assert.Equal(RouteMatchStatus.MethodNotAllowed, table.Match("PUT", "/v1/echo", out _, out _));
        Assert.Equal(["GET", "POST"], table.AllowedMethods("/v1/echo"));
        Assert.Equal(RouteMatchStatus.MethodNotAllowed, table.Match("PUT", "/v1/shelves/s1/books/b1", out _, out _));
        Assert.Equal(["DELETE", "GET", "PATCH"], table.AllowedMethods("/v1/shelves/s1/books/b1"));
    }

    [Fact]
    public void Prefers_the_most_specific_template()
    {
        var table = RouteTable.Build([WithRules(
            ("ByName", Get("/v1/{name=things/*}")),
            ("Special", Get("/v1/things/special")),
            ("Preview", Get("/v1/{name=things/*}:preview")),
            ("Deep", Get("/v1/{name=**}")),
            ("Root", Get("/{name=roots/*}")),
            ("Any", Get("/{parent}/anything")))]);

        Assert.Equal("Special", MethodOf(table, "/v1/things/special"));
        Assert.Equal("ByName", MethodOf(table, "/v1/things/other"));
        Assert.Equal("Preview", MethodOf(table, "/v1/things/other:preview"));
        Assert.Equal("Deep", MethodOf(table, "/v1/things/a/b"));
        Assert.Equal("Root", MethodOf(table, "/roots/r1"));
        Assert.Equal("Any", MethodOf(table, "/x/anything"));
        // A variable's leading literal still buckets its template; only a leading wildcard needs the root catch-all.
        Assert.Equal(["/roots/{**path}", "/v1/{**path}", "/{**path}"], table.EndpointPatterns);
    }

    [Fact]
    public void Routes_a_single_segment_template_with_a_verb()
    {
        var table = RouteTable.Build([WithRules(("Search", Post("/things:search", "*")))]);

        Assert.Equal(RouteMatchStatus.Matched, table.Match("POST", "/things:search", out _, out _));
        Assert.Equal(["/things:search"], table.EndpointPatterns);
    }

    [Fact]
    public void Maps_custom_methods_and_body_kinds()
    {
        var table = RouteTable.Build([WithRules(
            ("Head", new HttpRule { Custom = new CustomHttpPattern { Kind = "head", Path = "/v1/things" } }),
            ("Whole", Post("/v1/things", "*")),
            ("Field", new HttpRule { Put = "/v1/{name=things/*}", Body = "inner", ResponseBody = "inner" }))]);

        Assert.Equal("HEAD", table.Routes[0].HttpMethod);
        Assert.Equal(BodyKind.Whole, table.Routes[1].Body);
        Assert.Equal(BodyKind.Field, table.Routes[2].Body);
        Assert.Equal("inner", table.Routes[2].BodyField!.Name);
        Assert.Equal("inner", table.Routes[2].ResponseBodyField!.Name);
    }

    [Fact]
    public void Skips_client_streaming_methods()
    {
        var file = Build(proto => proto.Service.Add(new Google.Protobuf.Reflection.ServiceDescriptorProto
        {
            Name = "Uploads",
            Method = { Method("Upload", Post("/v1/uploads", "*"), clientStreaming: true) },
        }));

        var table = RouteTable.Build([file]);

        Assert.Empty(table.Routes);
        Assert.Contains("Upload", Assert.Single(table.Skipped));
        Assert.Contains("google.api.HttpBody", table.Skipped[0]);
    }

    [Fact]
    public void Transcodes_a_client_stream_whose_body_is_an_http_body_as_an_upload()
    {
        var table = RouteTable.Build([TranscodingTestReflection.Descriptor]);

        var upload = Assert.Single(table.Routes, route => route.Method.Descriptor.Name == "Upload");

        Assert.Equal("POST /v1/{shelf=shelves/*}/uploads -> ideation.testing.v1.TranscodingTestService.Upload", upload.ToString());
        Assert.True(upload.Method.IsClientStreaming);
        Assert.Equal(Grpc.Core.MethodType.ClientStreaming, upload.Method.GrpcMethod.Type);
        Assert.Equal("chunk", upload.BodyField!.Name);
        Assert.Equal(HttpBody.Descriptor, upload.HttpBodyType);
        Assert.Equal(HttpBody.Descriptor, Assert.Single(table.Routes, route => route.Method.Descriptor.Name == "UploadCover").HttpBodyType);
        Assert.All(table.Routes.Where(route => route.Method.Descriptor.Name is not ("Upload" or "UploadCover")), route => Assert.Null(route.HttpBodyType));
    }

    [Fact]
    public void Skips_bidirectional_streaming_methods()
    {
        var file = Build(proto =>
        {
            var method = Method("Chat", Post("/v1/chats", "*"), clientStreaming: true);
            method.ServerStreaming = true;
            proto.Service.Add(new Google.Protobuf.Reflection.ServiceDescriptorProto { Name = "Chats", Method = { method } });
        });

        var table = RouteTable.Build([file]);

        Assert.Empty(table.Routes);
        Assert.Contains("bidirectional", Assert.Single(table.Skipped));
    }

    [Theory]
    [InlineData("/v1/{missing=things/*}", "", "", "does not have")]
    [InlineData("/v1/{tags}", "", "", "not a singular scalar field")]
    [InlineData("/v1/{inner}", "", "", "not a singular scalar field")]
    [InlineData("/v1/{inner.missing}", "", "", "does not have")]
    [InlineData("/v1/things", "missing", "", "not a top-level field")]
    [InlineData("/v1/things", "inner.name", "", "not a top-level field")]
    [InlineData("/v1/things", "", "missing", "response_body 'missing'")]
    [InlineData("/v1/{name=things/*", "", "", "Invalid HTTP path template")]
    public void Refuses_invalid_rules_at_startup(string path, string body, string responseBody, string problem)
    {
        var file = WithRules(("Broken", new HttpRule { Post = path, Body = body, ResponseBody = responseBody }));

        var error = Assert.Throws<InvalidOperationException>(() => RouteTable.Build([file]));
        Assert.Contains("dynamic.v1.Things.Broken", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Refuses_two_methods_with_the_same_rule()
    {
        var file = WithRules(("First", Get("/v1/things")), ("Second", Get("/v1/things")));

        var error = Assert.Throws<InvalidOperationException>(() => RouteTable.Build([file]));
        Assert.Contains("already used by dynamic.v1.Things.First", error.Message);
    }

    [Fact]
    public void Refuses_a_rule_without_a_pattern()
    {
        var file = WithRules(("Empty", new HttpRule { Body = "*" }));

        Assert.Throws<InvalidOperationException>(() => RouteTable.Build([file]));
    }

    [Fact]
    public void Builds_the_rules_of_every_contract()
    {
        var contracts = Gateway.Transcoding.ContractDescriptors.FromAssembly(typeof(Ideation.Contracts.Ideas.V1.IdeaService).Assembly);

        var table = RouteTable.Build(contracts);

        Assert.Contains(table.Routes, route => route is { HttpMethod: "GET", Template.Text: "/v1/{name=ideas/*}" } && route.Method.Descriptor.Name == "GetIdea");
        Assert.Contains(table.Routes, route => route is { HttpMethod: "PATCH", Template.Text: "/v1/{idea.name=ideas/*}", Body: BodyKind.Field });
        Assert.Contains(table.Routes, route => route is { HttpMethod: "POST", Template.Verb: "submit", Body: BodyKind.Whole });
        Assert.Equal(RouteMatchStatus.Matched, table.Match("POST", "/v1/ideas:findSimilar", out var similar, out _));
        Assert.Equal("FindSimilarIdeas", similar!.Method.Descriptor.Name);
        Assert.Equal(RouteMatchStatus.Matched, table.Match("GET", "/v1/ideas/abc", out var get, out var values));
        Assert.Equal("GetIdea", get!.Method.Descriptor.Name);
        Assert.Equal(["ideas/abc"], values!);
    }

    [Fact]
    public void Serves_every_documents_rule_and_no_internal_service()
    {
        var contracts = Gateway.Transcoding.ContractDescriptors.FromAssembly(typeof(Ideation.Contracts.Ideas.V1.IdeaService).Assembly);

        var table = RouteTable.Build(contracts);

        Assert.Empty(table.Skipped);
        Assert.Equal(
            ["CreateDownloadUrl", "DeleteDocument", "DownloadDocument", "GetDocument", "ListDocuments", "ReleaseDocument", "RescanDocument", "UploadDocument"],
            table.Routes.Where(route => route.Method.Service.FullName == "ideation.documents.v1.DocumentService")
                .Select(route => route.Method.Descriptor.Name).Order(StringComparer.Ordinal));
        // Internal services have no HTTP rules, so no REST route: the scanner's side door stays shut.
        Assert.DoesNotContain(table.Routes, route => route.Method.Service.FullName is "ideation.documents.v1.ScanVerdictService" or "ideation.scanner.v1.ScannerService");
        Assert.Contains(contracts, file => file.Services.Any(service => service.FullName == "ideation.documents.v1.ScanVerdictService"));

        Assert.Equal(RouteMatchStatus.Matched, table.Match("POST", "/v1/ideas/i1/documents", out var upload, out var parent));
        Assert.Equal(("UploadDocument", true, "chunk"), (upload!.Method.Descriptor.Name, upload.Method.IsClientStreaming, upload.BodyField!.Name));
        Assert.NotNull(upload.HttpBodyType);
        Assert.Equal(["ideas/i1"], parent!);
        Assert.Equal(RouteMatchStatus.Matched, table.Match("GET", "/v1/ideas/i1/documents", out var list, out _));
        Assert.Equal("ListDocuments", list!.Method.Descriptor.Name);
        Assert.Equal(RouteMatchStatus.Matched, table.Match("GET", "/v1/ideas/i1/documents/d1:download", out var download, out var name));
        Assert.Equal(("DownloadDocument", true), (download!.Method.Descriptor.Name, download.IsRawResponse));
        Assert.Equal(["ideas/i1/documents/d1"], name!);
        Assert.Equal(RouteMatchStatus.Matched, table.Match("GET", "/v1/ideas/i1/documents/d1", out var get, out _));
        Assert.Equal(("GetDocument", false), (get!.Method.Descriptor.Name, get.IsRawResponse));
    }

    private static string? MethodOf(RouteTable table, string path) =>
        table.Match("GET", path, out var route, out _) == RouteMatchStatus.Matched ? route!.Method.Descriptor.Name : null;
}
