using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Google.Protobuf.Reflection;
using Ideation.Gateway.OpenApi;
using Ideation.Gateway.Tests.Transcoding.Support;
using Ideation.Gateway.Transcoding;
using Ideation.Gateway.Transcoding.Routing;
using Ideation.Testing.Transcoding.V1;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Ideation.Gateway.Tests.Transcoding.OpenApi;

public sealed partial class OpenApiDocumentTests
{
    private static readonly IReadOnlyList<FileDescriptor> Contracts =
        ContractDescriptors.FromAssembly(typeof(Ideation.Contracts.Ideas.V1.IdeaService).Assembly);

    public static TheoryData<string> Sources => ["test service", "contracts"];

    [Theory]
    [MemberData(nameof(Sources))]
    public void Every_http_rule_is_an_operation_with_its_path_parameters(string source)
    {
        var routes = RouteTable.Build(FilesOf(source));
        var document = Generate(routes);
        var paths = document["paths"]!.AsObject();

        var operations = paths.SelectMany(path => path.Value!.AsObject().Select(operation => (Path: path.Key, Method: operation.Key, Operation: operation.Value!))).ToList();
        Assert.Equal(routes.Routes.Count, operations.Count);
        Assert.Equal(operations.Count, operations.Select(operation => operation.Operation["operationId"]!.GetValue<string>()).Distinct().Count());
        foreach (var route in routes.Routes)
        {
            var matching = operations.Where(operation => operation.Method == route.HttpMethod.ToLowerInvariant()
                && operation.Operation["summary"]!.GetValue<string>().StartsWith(route.Method.Descriptor.FullName, StringComparison.Ordinal)
                && PathMatchesTemplate(operation.Path, route.Template)).ToList();
            var (path, _, operation) = Assert.Single(matching);
            var declared = PathParameter().Matches(path).Select(match => match.Groups[1].Value).ToList();
            var parameters = operation["parameters"]?.AsArray() ?? [];
            Assert.Equal(declared, parameters.Where(parameter => parameter!["in"]!.GetValue<string>() == "path").Select(parameter => parameter!["name"]!.GetValue<string>()));
            Assert.NotNull(operation["responses"]!["200"]);
            Assert.Equal("#/components/schemas/google.rpc.Status", operation["responses"]!["default"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        }
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Parses_and_validates_as_openapi(string source)
    {
        var json = Generate(RouteTable.Build(FilesOf(source))).ToJsonString();

        var result = OpenApiDocument.Parse(json, "json", new OpenApiReaderSettings());

        Assert.Empty(result.Diagnostic!.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_0, result.Diagnostic.SpecificationVersion);
        Assert.Empty(result.Document!.Validate(ValidationRuleSet.GetDefaultRuleSet())!);
    }

    [Fact]
    public void Keeps_resource_name_literals_in_paths()
    {
        var paths = Generate(RouteTable.Build([TranscodingTestReflection.Descriptor]))["paths"]!.AsObject();

        Assert.Equal(
            ["/v1/books/{name}", "/v1/echo", "/v1/echo/{id}/labels", "/v1/echo/{id}/nested", "/v1/echo:nested", "/v1/failures/{code}",
             "/v1/shelves/{shelf}", "/v1/shelves/{shelf}/books", "/v1/shelves/{shelf}/books/{book}", "/v1/shelves/{shelf}/books/{book}:archive",
             "/v1/shelves/{shelf}/books/{book}:downloadCover", "/v1/shelves/{shelf}/books/{book}:uploadCover", "/v1/shelves/{shelf}/books:stream",
             "/v1/shelves/{shelf}/uploads"],
            paths.Select(path => path.Key).Order(StringComparer.Ordinal));
        var book = paths["/v1/shelves/{shelf}/books/{book}"]!["patch"]!["parameters"]!.AsArray();
        Assert.Contains("Completes `book.name`, which is `shelves/*/books/*`", book[1]!["description"]!.GetValue<string>());
        Assert.Equal("string", paths["/v1/failures/{code}"]!["get"]!["parameters"]![0]!["schema"]!["type"]!.GetValue<string>());
        Assert.Contains("NOT_FOUND", paths["/v1/failures/{code}"]!["get"]!["parameters"]![0]!["schema"]!["enum"]!.AsArray().Select(value => value!.GetValue<string>()));
    }

    [Fact]
    public void Describes_query_parameters_by_the_json_mapping()
    {
        var echo = Generate(RouteTable.Build([TranscodingTestReflection.Descriptor]))["paths"]!["/v1/echo"]!["get"]!;
        var parameters = echo["parameters"]!.AsArray().ToDictionary(parameter => parameter!["name"]!.GetValue<string>(), parameter => parameter!);

        Assert.All(parameters.Values, parameter => Assert.Equal("query", parameter["in"]!.GetValue<string>()));
        AssertSchema("""{"type":"number","format":"double"}""", parameters["doubleValue"]["schema"]);
        AssertSchema("""{"type":"string","format":"int64"}""", parameters["int64Value"]["schema"]);
        AssertSchema("""{"type":"string","format":"uint64"}""", parameters["uint64Value"]["schema"]);
        AssertSchema("""{"type":"string","format":"byte"}""", parameters["bytesValue"]["schema"]);
        AssertSchema("""{"type":"string","enum":["COLOR_UNSPECIFIED","COLOR_RED","COLOR_GREEN"]}""", parameters["color"]["schema"]);
        AssertSchema("""{"type":"string","format":"date-time"}""", parameters["timestamp"]["schema"]);
        AssertSchema("""{"type":"integer","format":"int32"}""", parameters["int32Wrapper"]["schema"]);
        AssertSchema("""{"type":"array","items":{"type":"string"}}""", parameters["repeatedString"]["schema"]);
        Assert.True(parameters["repeatedString"]["explode"]!.GetValue<bool>());
        Assert.Contains("nested.text", parameters.Keys);
        Assert.Contains("nested.color", parameters.Keys);
        // A recursive message is described down to its first repetition.
        Assert.DoesNotContain("nested.child.color", parameters.Keys);
        Assert.Contains("customName", parameters.Keys);
        Assert.DoesNotContain("labels", parameters.Keys);
        Assert.DoesNotContain("repeatedNested", parameters.Keys);
        Assert.DoesNotContain("structValue", parameters.Keys);
        Assert.DoesNotContain("nested", parameters.Keys);
    }

    [Fact]
    public void Describes_request_bodies_per_the_rule_body()
    {
        var paths = Generate(RouteTable.Build([TranscodingTestReflection.Descriptor]))["paths"]!;

        var whole = paths["/v1/echo"]!["post"]!;
        Assert.Null(whole["parameters"]);
        Assert.Equal("#/components/schemas/ideation.testing.v1.AllTypes", whole["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());

        var field = paths["/v1/echo/{id}/nested"]!["put"]!;
        Assert.Equal(["id", "note", "numbers"], field["parameters"]!.AsArray().Select(parameter => parameter!["name"]!.GetValue<string>()));
        Assert.True(field["requestBody"]!["required"]!.GetValue<bool>());
        Assert.Equal("#/components/schemas/ideation.testing.v1.Nested", field["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());

        var repeated = paths["/v1/echo/{id}/labels"]!["post"]!;
        AssertSchema("""{"type":"array","items":{"type":"string"}}""", repeated["requestBody"]!["content"]!["application/json"]!["schema"]);

        var raw = paths["/v1/shelves/{shelf}/books/{book}:uploadCover"]!["post"]!;
        AssertSchema("""{"type":"string","format":"binary"}""", raw["requestBody"]!["content"]!["*/*"]!["schema"]);
        AssertSchema("""{"type":"string","format":"binary"}""", raw["responses"]!["200"]!["content"]!["*/*"]!["schema"]);

        Assert.Null(paths["/v1/shelves/{shelf}/books/{book}"]!["delete"]!["requestBody"]);
        Assert.Contains("one JSON object per line", paths["/v1/shelves/{shelf}/books:stream"]!["get"]!["responses"]!["200"]!["description"]!.GetValue<string>());
        AssertSchema("""{"$ref":"#/components/schemas/ideation.testing.v1.Nested"}""",
            paths["/v1/echo:nested"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]);
    }

    [Fact]
    public void Describes_an_upload_as_a_raw_body_with_the_other_fields_in_the_query()
    {
        var upload = Generate(RouteTable.Build([TranscodingTestReflection.Descriptor]))["paths"]!["/v1/shelves/{shelf}/uploads"]!["post"]!;

        Assert.Contains("(upload stream)", upload["summary"]!.GetValue<string>());
        Assert.Equal(
            [("shelf", "path"), ("filename", "query"), ("rejectAfterBytes", "query")],
            upload["parameters"]!.AsArray().Select(parameter => (parameter!["name"]!.GetValue<string>(), parameter["in"]!.GetValue<string>())));
        var body = upload["requestBody"]!;
        Assert.True(body["required"]!.GetValue<bool>());
        Assert.Equal(["application/octet-stream", "*/*"], body["content"]!.AsObject().Select(content => content.Key));
        AssertSchema("""{"type":"string","format":"binary"}""", body["content"]!["*/*"]!["schema"]);
        Assert.Contains("`chunk.contentType`", body["description"]!.GetValue<string>());
        Assert.Contains("streamed", body["description"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/ideation.testing.v1.UploadSummary",
            upload["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Contains("UPLOAD_TOO_LARGE", upload["responses"]!["default"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public void Describes_a_download_as_raw_bytes_with_the_headers_of_a_file()
    {
        var download = Generate(RouteTable.Build([TranscodingTestReflection.Descriptor]))["paths"]!["/v1/shelves/{shelf}/books/{book}:downloadCover"]!["get"]!;

        Assert.Contains("(server stream)", download["summary"]!.GetValue<string>());
        var ok = download["responses"]!["200"]!;
        Assert.Equal(["application/octet-stream", "*/*"], ok["content"]!.AsObject().Select(content => content.Key));
        AssertSchema("""{"type":"string","format":"binary"}""", ok["content"]!["*/*"]!["schema"]);
        Assert.DoesNotContain("JSON", ok["description"]!.GetValue<string>(), StringComparison.Ordinal);
        // Every header the transcoder forwards is documented, and nosniff.
        var headers = ok["headers"]!.AsObject().Select(header => header.Key.ToLowerInvariant()).ToList();
        Assert.All(Gateway.Transcoding.Json.HttpBodyResponse.ForwardedHeaders, forwarded => Assert.Contains(forwarded, headers));
        Assert.Contains("x-content-type-options", headers);
    }

    [Fact]
    public void Describes_the_document_upload_and_download_of_the_contracts()
    {
        var paths = Generate(RouteTable.Build(Contracts))["paths"]!;

        var upload = paths["/v1/ideas/{idea}/documents"]!["post"]!;
        Assert.Equal("DocumentService_UploadDocument", upload["operationId"]!.GetValue<string>());
        Assert.Equal(
            [("idea", "path"), ("filename", "query"), ("requestId", "query")],
            upload["parameters"]!.AsArray().Select(parameter => (parameter!["name"]!.GetValue<string>(), parameter["in"]!.GetValue<string>())));
        Assert.True(upload["requestBody"]!["required"]!.GetValue<bool>());
        AssertSchema("""{"type":"string","format":"binary"}""", upload["requestBody"]!["content"]!["application/octet-stream"]!["schema"]);
        AssertSchema("""{"type":"string","format":"binary"}""", upload["requestBody"]!["content"]!["*/*"]!["schema"]);
        Assert.Contains("UPLOAD_TOO_LARGE", upload["requestBody"]!["description"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/ideation.documents.v1.Document",
            upload["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());

        var download = paths["/v1/ideas/{idea}/documents/{document}:download"]!["get"]!;
        Assert.Equal([("idea", "path"), ("document", "path")],
            download["parameters"]!.AsArray().Select(parameter => (parameter!["name"]!.GetValue<string>(), parameter["in"]!.GetValue<string>())));
        AssertSchema("""{"type":"string","format":"binary"}""", download["responses"]!["200"]!["content"]!["application/octet-stream"]!["schema"]);
        Assert.NotNull(download["responses"]!["200"]!["headers"]!["Content-Disposition"]);
        Assert.Null(download["responses"]!["200"]!["content"]!["application/json"]);
    }

    [Fact]
    public void Describes_messages_with_the_json_mapping()
    {
        var schemas = Generate(RouteTable.Build([TranscodingTestReflection.Descriptor]))["components"]!["schemas"]!;
        var all = schemas["ideation.testing.v1.AllTypes"]!["properties"]!;

        AssertSchema("""{"type":"string","format":"int64"}""", all["sfixed64Value"]);
        AssertSchema("""{"type":"integer","format":"int64","minimum":0,"maximum":4294967295}""", all["uint32Value"]);
        AssertSchema("""{"type":"object","additionalProperties":{"type":"string"}}""", all["labels"]);
        AssertSchema("""{"type":"object","additionalProperties":{"$ref":"#/components/schemas/ideation.testing.v1.Nested"}}""", all["nestedById"]);
        AssertSchema("""{"type":"array","items":{"$ref":"#/components/schemas/ideation.testing.v1.Color"}}""", all["repeatedColor"]);
        AssertSchema("""{"type":"string","nullable":true,"format":"int64"}""", all["int64Wrapper"]);
        AssertSchema("""{"type":"object","additionalProperties":true}""", all["structValue"]);
        Assert.NotNull(all["customName"]);
        Assert.Contains("At most one of `choiceText`, `choiceNumber`, `choiceNested`", schemas["ideation.testing.v1.AllTypes"]!["description"]!.GetValue<string>());
        AssertSchema("""{"type":"string","enum":["COLOR_UNSPECIFIED","COLOR_RED","COLOR_GREEN"]}""", schemas["ideation.testing.v1.Color"]);
        Assert.Equal("#/components/schemas/ideation.testing.v1.Nested", schemas["ideation.testing.v1.Nested"]!["properties"]!["child"]!["$ref"]!.GetValue<string>());
        Assert.NotNull(schemas["google.rpc.Status"]!["properties"]!["details"]);
    }

    [Fact]
    public void Takes_descriptions_from_proto_comments_when_descriptors_carry_them()
    {
        var file = DynamicProto.Build(proto =>
        {
            proto.Service.Add(new ServiceDescriptorProto { Name = "Things", Method = { DynamicProto.Method("GetThing", DynamicProto.Get("/v1/{name=things/*}")) } });
            proto.SourceCodeInfo = new SourceCodeInfo
            {
                Location =
                {
                    Comment([4, 1], " A thing.\n"),
                    Comment([4, 1, 2, 3], " How many.\n Never negative.\n"),
                    Comment([6, 0], " Manages things.\n"),
                    Comment([6, 0, 2, 0], " Returns one thing.\n"),
                },
            };
        });

        var document = Generate(RouteTable.Build([file]));

        var thing = document["components"]!["schemas"]!["dynamic.v1.Thing"]!;
        Assert.Equal("A thing.", thing["description"]!.GetValue<string>());
        Assert.Equal("How many.\nNever negative.", thing["properties"]!["count"]!["description"]!.GetValue<string>());
        Assert.Equal("Manages things.", document["tags"]![0]!["description"]!.GetValue<string>());
        Assert.Equal("Returns one thing.", document["paths"]!["/v1/things/{thing}"]!["get"]!["description"]!.GetValue<string>());

        static SourceCodeInfo.Types.Location Comment(int[] path, string text) => new() { Path = { path }, Span = { 0, 0, 0 }, LeadingComments = text };
    }

    [Fact]
    public void Takes_descriptions_of_the_contracts_from_their_proto_comments()
    {
        var document = Generate(RouteTable.Build(Contracts));

        var service = Assert.Single(document["tags"]!.AsArray(), tag => tag!["name"]!.GetValue<string>() == "ideation.ideas.v1.IdeaService")!;
        Assert.StartsWith("Manages ideas and moves them through the review workflow.", service["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(
            "Creates a draft idea owned by the caller. Repeating a request with the same `request_id`\nreturns the idea the first request created.",
            document["paths"]!["/v1/ideas"]!["post"]!["description"]!.GetValue<string>());

        var schemas = document["components"]!["schemas"]!;
        var idea = schemas["ideation.ideas.v1.Idea"]!;
        Assert.Equal("Short summary: 1 to 200 characters after trimming.", idea["properties"]!["title"]!["description"]!.GetValue<string>());
        Assert.Equal("Where the idea stands in the workflow. Output only.", idea["properties"]!["state"]!["description"]!.GetValue<string>());
        var state = schemas["ideation.ideas.v1.Idea.State"]!["description"]!.GetValue<string>();
        Assert.StartsWith("Where an idea stands in the review workflow.", state, StringComparison.Ordinal);
        Assert.Contains("- `STATE_DRAFT`: Being written; visible to its author and admins only.", state, StringComparison.Ordinal);
        Assert.Equal("Response of ListIdeas.", schemas["ideation.ideas.v1.ListIdeasResponse"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public void Every_contract_element_has_a_description()
    {
        var undescribed = new List<string>();
        foreach (var file in Contracts)
        {
            foreach (var service in file.Services)
            {
                Check(service);
                foreach (var method in service.Methods)
                {
                    Check(method);
                }
            }

            foreach (var message in file.MessageTypes)
            {
                CheckMessage(message);
            }

            foreach (var type in file.EnumTypes)
            {
                CheckEnum(type);
            }
        }

        Assert.Empty(undescribed);

        void CheckMessage(MessageDescriptor message)
        {
            Check(message);
            foreach (var field in message.Fields.InDeclarationOrder())
            {
                Check(field);
            }

            foreach (var nested in message.NestedTypes)
            {
                CheckMessage(nested);
            }

            foreach (var type in message.EnumTypes)
            {
                CheckEnum(type);
            }
        }

        void CheckEnum(EnumDescriptor type)
        {
            Check(type);
            foreach (var value in type.Values)
            {
                Check(value);
            }
        }

        void Check(DescriptorBase descriptor)
        {
            if (string.IsNullOrEmpty(Comments.Of(descriptor)))
            {
                undescribed.Add(descriptor.FullName);
            }
        }
    }

    [Fact]
    public async Task Serves_the_document()
    {
        var files = new[] { TranscodingTestReflection.Descriptor };
        await using var host = await TranscoderHost.StartAsync(new FakeBackend(message => message), files);

        using var response = await host.Client.GetAsync(OpenApiEndpoints.DefaultPath);

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var served = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(JsonNode.DeepEquals(Generate(RouteTable.Build(files)), served));
    }

    private static IReadOnlyList<FileDescriptor> FilesOf(string source) =>
        source == "contracts" ? Contracts : [TranscodingTestReflection.Descriptor];

    private static JsonObject Generate(RouteTable routes) =>
        JsonNode.Parse(OpenApiDocumentGenerator.Generate(routes, "Ideation API", "v1").ToJsonString())!.AsObject();

    /// <summary>Whether an OpenAPI path describes a template: same literals, a parameter where the template has a wildcard.</summary>
    private static bool PathMatchesTemplate(string path, PathTemplate template)
    {
        var verb = template.Verb is null ? "" : ":" + template.Verb;
        if (!path.EndsWith(verb, StringComparison.Ordinal))
        {
            return false;
        }

        var segments = path[1..^verb.Length].Split('/');
        return segments.Length == template.Segments.Count && segments.Zip(template.Segments).All(pair =>
            pair.Second.Kind == SegmentKind.Literal ? pair.First == pair.Second.Text : PathParameter().IsMatch(pair.First));
    }

    private static void AssertSchema(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"Expected {expected}, got {actual?.ToJsonString(new JsonSerializerOptions())}");

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathParameter();
}
