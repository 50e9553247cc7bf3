using Ideation.Testing.Transcoding.V1;
using Microsoft.AspNetCore.Builder;
using Xunit.Abstractions;

namespace Ideation.Gateway.Tests.Transcoding.Equivalence;

/// <summary>The test service hosted behind both transcoders, once for all the rows.</summary>
public sealed class TestServicePair : IAsyncLifetime
{
    public static readonly HostedService Service = new(
        Configure: (_, _) => { },
        Map: app => app.MapGrpcService<TestService>(),
        Files: [TranscodingTestReflection.Descriptor]);

    public TranscodingPair Pair { get; private set; } = null!;

    public async Task InitializeAsync() => Pair = await TranscodingPair.StartAsync(Service);

    public async Task DisposeAsync() => await Pair.DisposeAsync();
}

/// <summary>
/// The gateway's transcoder against Microsoft's in-process JSON transcoding, as the reference, on a
/// service whose HTTP rules use every feature. Each row states what both answer, or how and why they
/// deliberately differ; the test checks both sides, so the table documents what each really does.
/// </summary>
public sealed class TestServiceEquivalenceTests(TestServicePair fixture, ITestOutputHelper output) : IClassFixture<TestServicePair>
{
    private const string Echo = "/v1/echo";
    private const string Book = "/v1/shelves/s1/books/b1";

    private static readonly EquivalenceCase[] Rows =
    [
        // Query binding: every scalar kind, by JSON name and by proto name.
        EquivalenceCase.Get("query: every scalar kind",
            $"{Echo}?doubleValue=1.5&floatValue=2.5&int32Value=-3&int64Value=-9007199254740993&uint32Value=4000000000"
            + "&uint64Value=18446744073709551615&sint32Value=-7&sint64Value=-8&fixed32Value=9&fixed64Value=10&sfixed32Value=-11"
            + "&sfixed64Value=-12&boolValue=true&stringValue=hello%20world&bytesValue=AQID"),
        EquivalenceCase.Get("query: proto field names", $"{Echo}?double_value=0.25&string_value=x&int64_value=5&bool_value=false"),
        EquivalenceCase.Get("query: json_name", $"{Echo}?customName=renamed"),
        EquivalenceCase.Get("query: form encoding", $"{Echo}?stringValue=a%2Bb+c%26d"),
        EquivalenceCase.Get("query: special doubles", $"{Echo}?doubleValue=NaN&floatValue=-Infinity&doubleWrapper=Infinity"),
        EquivalenceCase.Get("query: enum by name", $"{Echo}?color=COLOR_GREEN"),
        EquivalenceCase.Get("query: enum by number", $"{Echo}?color=2"),
        EquivalenceCase.Get("query: nested fields", $"{Echo}?nested.text=a&nested.number=5&nested.child.color=COLOR_RED&nested.child.text=deep"),
        EquivalenceCase.Get("query: repeated by repetition",
            $"{Echo}?repeatedString=a&repeatedString=b&repeatedInt64=1&repeatedInt64=-2&repeatedColor=COLOR_RED&repeatedColor=2"),
        EquivalenceCase.Get("query: wrappers",
            $"{Echo}?int32Wrapper=5&int64Wrapper=6&stringWrapper=s&boolWrapper=false&doubleWrapper=1.25&uint64Wrapper=7&bytesWrapper=AQID"),
        EquivalenceCase.Get("query: zero wrappers are present", $"{Echo}?int32Wrapper=0&stringWrapper="),
        EquivalenceCase.Get("query: timestamp", $"{Echo}?timestamp=2024-05-06T07:08:09.5Z"),
        EquivalenceCase.Get("query: timestamp with offset", $"{Echo}?timestamp=2024-05-06T07:08:09%2B02:00"),
        EquivalenceCase.Get("query: duration", $"{Echo}?duration=1.5s"),
        EquivalenceCase.Get("query: field mask", $"{Echo}?fieldMask=nested.text,color"),
        EquivalenceCase.Get("query: oneof member", $"{Echo}?choiceText=picked"),
        EquivalenceCase.Get("query: explicit optional", $"{Echo}?optionalInt32=0"),
        EquivalenceCase.Get("query: exponent and plus sign", $"{Echo}?doubleValue=1e3&int32Value=%2B5"),
        EquivalenceCase.Get("query: boolean in capitals", $"{Echo}?boolValue=TRUE"),
        EquivalenceCase.Get("query: empty keys are skipped", $"{Echo}?=x&&stringValue=y"),
        EquivalenceCase.Get("query: parameter without a value", $"{Echo}?stringValue"),
        EquivalenceCase.Get("query: 64-bit extremes", $"{Echo}?int64Value=-9223372036854775808&uint64Value=0&sfixed64Value=9223372036854775807"),

        // Path binding: single and multi-segment variables, nested fields, custom verbs, non-string fields.
        EquivalenceCase.Get("path: single-segment variable", "/v1/shelves/s1"),
        EquivalenceCase.Get("path: percent-decoded variable", "/v1/shelves/a%20b"),
        EquivalenceCase.Get("header: x-request-id reaches the service", "/v1/shelves/s1") with { Headers = [new("x-request-id", "r-42")] },
        EquivalenceCase.Get("path: multi-segment variable", Book),
        EquivalenceCase.Get("path: %2F stays encoded in a variable with literals", "/v1/shelves/a%2Fb"),
        EquivalenceCase.Get("path: %2F stays encoded in a multi-segment variable", "/v1/shelves/s1/books/a%2Fb"),
        EquivalenceCase.Get("path: colon inside a variable", "/v1/shelves/a:b"),
        EquivalenceCase.Get("path: additional binding", "/v1/books/b7"),
        EquivalenceCase.Get("path: with query field mask", $"{Book}?readMask=title,author"),
        EquivalenceCase.Get("path: enum variable", "/v1/failures/OK"),
        EquivalenceCase.Get("path: trailing slash", "/v1/shelves/s1/"),
        EquivalenceCase.Get("response_body: one field of the response", "/v1/echo:nested?nested.text=a&nested.number=2&stringValue=dropped"),

        // Body binding: "*", a message field, a repeated field, with path and query around it.
        EquivalenceCase.Send("body field: message, with path and query", "POST", "/v1/shelves/s1/books?bookId=b9",
            """{"title":"T","author":"A","pages":5,"priceCents":"12","coverColor":"COLOR_GREEN","publishTime":"2021-01-01T00:00:00Z"}"""),
        EquivalenceCase.Send("body field: proto field names", "POST", "/v1/shelves/s1/books",
            """{"title":"T","price_cents":"12","cover_color":"COLOR_GREEN","publish_time":"2021-01-01T00:00:00Z"}"""),
        EquivalenceCase.Send("body: int64 as a JSON number", "POST", "/v1/shelves/s1/books", """{"title":"T","priceCents":12}"""),
        EquivalenceCase.Send("body: enum as a JSON number", "POST", "/v1/shelves/s1/books", """{"title":"T","coverColor":2}"""),
        EquivalenceCase.Send("body: timestamp with an offset", "POST", Echo, """{"timestamp":"2024-01-02T03:04:05+01:00"}"""),
        EquivalenceCase.Send("body field: nested path variable", "PATCH", $"{Book}?updateMask=title", """{"title":"New title","author":"ignored"}"""),
        EquivalenceCase.Send("body field: path wins over body", "PATCH", Book, """{"name":"shelves/other/books/x","title":"T"}"""),
        EquivalenceCase.Send("body field: with query, repeated", "PUT", "/v1/echo/x1/nested?note=n&numbers=1&numbers=2", """{"text":"t","child":{"number":3}}"""),
        EquivalenceCase.Send("body field: repeated field as a JSON array", "POST", "/v1/echo/x1/labels", """["a","b"]"""),
        EquivalenceCase.Send("body *: custom verb", "POST", $"{Book}:archive", """{"reason":"old"}"""),
        EquivalenceCase.Send("body *: every kind of field", "POST", Echo, """
            {"doubleValue":1.5,"floatValue":2.5,"int32Value":-3,"int64Value":"-9007199254740993","uint32Value":4000000000,
             "uint64Value":"18446744073709551615","sint32Value":-7,"sint64Value":"-8","fixed32Value":9,"fixed64Value":"10",
             "sfixed32Value":-11,"sfixed64Value":"-12","boolValue":true,"stringValue":"s","bytesValue":"AQID","color":"COLOR_RED",
             "nested":{"text":"n","child":{"number":1}},"repeatedString":["a","b"],"repeatedInt64":["1","2"],
             "repeatedColor":["COLOR_GREEN",1],"repeatedNested":[{"text":"x"},{"number":2}],"labels":{"k":"v"},
             "nestedById":{"7":{"text":"seven"}},"timestamp":"2024-01-02T03:04:05.678Z","duration":"2.5s",
             "fieldMask":"nested.text,stringValue","int32Wrapper":1,"int64Wrapper":"2","stringWrapper":"w","boolWrapper":true,
             "doubleWrapper":0.5,"uint64Wrapper":"3","bytesWrapper":"BAU=","choiceNested":{"text":"c"},"optionalInt32":4,
             "structValue":{"a":[1,"b",null,{"c":true}]},"anyJson":["x",2],"customName":"r"}
            """),
        EquivalenceCase.Send("body *: null values are defaults", "POST", Echo, """{"stringValue":null,"nested":null,"int32Wrapper":null,"anyJson":null}"""),
        EquivalenceCase.Send("DELETE returning Empty", "DELETE", Book, null),
        EquivalenceCase.Send("DELETE with query", "DELETE", $"{Book}?etag=current", null),
        new EquivalenceCase("HttpBody: raw bytes in and out", "POST", $"{Book}:uploadCover")
        {
            Body = "\u0001PNG raw bytes", ContentType = "image/png", Both = new Answer(200),
        },

        // Server streaming: newline-delimited JSON, and errors before and after the first message.
        new EquivalenceCase("stream: three messages", "GET", "/v1/shelves/s1/books:stream?count=3") { Streamed = true, Both = new Answer(200) },
        new EquivalenceCase("stream: no message", "GET", "/v1/shelves/s1/books:stream?count=0") { Streamed = true, Both = new Answer(200) },
        new EquivalenceCase("stream: error after two messages", "GET", "/v1/shelves/s1/books:stream?count=2&failWith=ABORTED")
        {
            Streamed = true, Both = new Answer(200),
        },
        new EquivalenceCase("stream: error before any message", "GET", "/v1/shelves/s1/books:stream?count=0&failWith=NOT_FOUND")
        {
            Streamed = true, Both = new Answer(404),
        },

        // Downloads: a server stream of google.api.HttpBody is a file, written as raw bytes.
        new EquivalenceCase("download: error before any piece", "GET", $"{Book}:downloadCover?chunks=0&failWith=NOT_FOUND") { Both = new Answer(404) },
        Differs("download: nothing between pieces", $"{Book}:downloadCover?chunks=2",
            reference: new Answer(200, MediaType: "image/png", BodyHex: Hex(TestService.CoverPiece(1), "\n"u8.ToArray(), TestService.CoverPiece(2), "\n"u8.ToArray())),
            gateway: new Answer(200, MediaType: "image/png", BodyHex: Hex(TestService.CoverPiece(1), TestService.CoverPiece(2))),
            "Microsoft writes a newline after every google.api.HttpBody message of a stream, which corrupts the file; the gateway writes the bytes as they are."),
        Differs("download: headers sent before the first piece", $"{Book}:downloadCover?chunks=1&sendHeaders=true",
            reference: new Answer(200, MediaType: "application/json"), gateway: new Answer(200, MediaType: "image/png"),
            "Microsoft starts the HTTP response when the service sends its headers, before the first piece names the content type; "
            + "the gateway waits for the first piece, and forwards only the headers that describe a file (DownloadTests)."),

        // Every gRPC error kind, with rich details (ErrorInfo, BadRequest) and without.
        .. ErrorRows(),
        EquivalenceCase.Get("error: plain status, no details", "/v1/failures/NOT_FOUND?message=plain", 404),
        EquivalenceCase.Get("error: rich NOT_FOUND from a resource method", "/v1/shelves/missing", 404),
        EquivalenceCase.Send("error: INVALID_ARGUMENT from validation", "POST", "/v1/shelves/s1/books", """{"author":"no title"}""", 400),
        EquivalenceCase.Send("error: ABORTED on a stale etag", "DELETE", $"{Book}?etag=stale", null, 409),

        // Requests both transcoders refuse before calling the service: same status and code.
        Refused("refused: not an integer", $"{Echo}?int32Value=abc"),
        Refused("refused: 32-bit overflow", $"{Echo}?int32Value=3000000000"),
        Refused("refused: unknown enum name", $"{Echo}?color=COLOR_PURPLE"),
        Refused("refused: unknown enum number", $"{Echo}?color=9"),
        Refused("refused: not a boolean", $"{Echo}?boolValue=yes"),
        Refused("refused: not a timestamp", $"{Echo}?timestamp=yesterday"),
        Refused("refused: not a duration", $"{Echo}?duration=90"),
        Refused("refused: singular parameter repeated", $"{Echo}?stringValue=a&stringValue=b"),
        Refused("refused: map field in the query", $"{Echo}?labels=x"),
        Refused("refused: message field in the query", $"{Echo}?nested=x"),
        Refused("refused: not base64", $"{Echo}?bytesValue=%25%25%25"),
        Refused("refused: bad value in a path variable", "/v1/failures/NOT_A_CODE"),
        Refused("refused: malformed JSON", "POST", Echo, "{"),
        Refused("refused: JSON of the wrong type", "POST", Echo, """{"int32Value":"abc"}"""),
        Refused("refused: JSON array for a message", "POST", Echo, "[1]"),
        Refused("refused: JSON string for an enum it lacks", "POST", Echo, """{"color":"COLOR_PURPLE"}"""),
        Refused("refused: JSON number out of range", "POST", Echo, """{"int32Value":3000000000}"""),
        Refused("refused: two members of a oneof in JSON", "POST", Echo, """{"choiceText":"a","choiceNumber":1}"""),
        Refused("refused: URL-safe base64 in JSON", "POST", Echo, """{"bytesValue":"-_8"}"""),
        new EquivalenceCase("refused: body is not JSON", "POST", $"{Book}:archive")
        {
            Body = "reason=old", ContentType = "text/plain", Agreement = Agreement.SameError, Both = new Answer(400, 3),
        },

        // Deliberate differences: where silence would hide a client's bug, the gateway refuses.
        Differs("unknown query parameter", $"{Echo}?strngValue=typo",
            reference: new Answer(200), gateway: new Answer(400, 3),
            "Microsoft ignores a parameter that names no field, so a typo silently changes the request."),
        Differs("query parameter of a path-bound field", "/v1/shelves/s1?name=shelves/other",
            reference: new Answer(200), gateway: new Answer(400, 3),
            "Microsoft ignores it; the path already sets the field, so a second value is a client bug."),
        Differs("query parameter of the body field", "PUT", "/v1/echo/x1/nested?nested.text=q", "{}",
            reference: new Answer(200), gateway: new Answer(400, 3),
            "Microsoft ignores it; the body already sets that field."),
        Differs("query parameter with body *", "POST", $"{Book}:archive?reason=query", """{"reason":"body"}""",
            reference: new Answer(200), gateway: new Answer(400, 3),
            "With body \"*\" every field comes from the body (google.api.http); Microsoft ignores the parameter."),
        Differs("two members of a oneof in the query", $"{Echo}?choiceText=a&choiceNumber=1",
            reference: new Answer(200), gateway: new Answer(400, 3),
            "Microsoft keeps the last; a oneof takes one member, as its JSON parser also insists."),
        Differs("unknown JSON field", "POST", Echo, """{"strngValue":"typo"}""",
            reference: new Answer(200), gateway: new Answer(400, 3),
            "Microsoft skips unknown JSON fields; the proto3 JSON parser refuses them, so a typo is not silently lost."),
        Differs("field mask in lowerCamel in the query", $"{Echo}?fieldMask=stringValue,nested.text",
            reference: new Answer(500, 2), gateway: new Answer(200),
            "A FieldMask query value is read with the proto3 JSON mapping (lowerCamel paths); Microsoft keeps the paths as given, then cannot print them."),
        Differs("JSON: integer as a string", "POST", "/v1/shelves/s1/books", """{"title":"T","pages":"7"}""",
            reference: new Answer(400, 3), gateway: new Answer(200),
            "The proto3 JSON mapping accepts numbers as strings; Microsoft refuses them for 32-bit fields."),
        Differs("JSON: floating point as strings", "POST", Echo, """{"floatValue":"1.5","doubleValue":"NaN"}""",
            reference: new Answer(400, 3), gateway: new Answer(200),
            "The proto3 JSON mapping accepts numbers as strings and \"NaN\"; Microsoft refuses them."),
        Differs("JSON: integer with an exponent", "POST", Echo, """{"int32Value":1e2}""",
            reference: new Answer(400, 3), gateway: new Answer(200),
            "The proto3 JSON mapping accepts an integral value in exponent notation; Microsoft refuses it."),
        Differs("JSON: negative duration", "POST", Echo, """{"duration":"-2.5s"}""",
            reference: new Answer(400, 3), gateway: new Answer(200),
            "Durations may be negative (google.protobuf.Duration); Microsoft's parser refuses a negative fraction."),
        Differs("query: URL-safe base64", $"{Echo}?bytesValue=-_8",
            reference: new Answer(400, 3), gateway: new Answer(200),
            "The proto3 JSON mapping accepts standard and URL-safe base64; URL-safe is the natural form in a URL."),
        Differs("empty body with body *", "POST", $"{Book}:archive", body: null,
            reference: new Answer(400, 3), gateway: new Answer(200),
            "An absent body is an empty message: a custom method whose fields are all optional needs none."),
        Differs("unknown route under a transcoded prefix", "/v1/nothing/here",
            reference: new Answer(404, EmptyBody: true), gateway: new Answer(404, 5),
            "Every error of the REST surface is a google.rpc.Status, the unknown route included."),
        Differs("method not allowed on a known path", "PUT", Echo, "{}",
            reference: new Answer(404, EmptyBody: true), gateway: new Answer(405, 12),
            "Every error of the REST surface is a google.rpc.Status; the Allow header lists the methods."),
        Differs("method without an HTTP rule", "/v1/unexposed",
            reference: new Answer(404, EmptyBody: true), gateway: new Answer(404, 5),
            "Only HTTP rules make routes; a method without one has no REST route on either side."),
    ];

    public static TheoryData<string> RowNames => [.. Rows.Select(row => row.Name)];

    [Theory]
    [MemberData(nameof(RowNames))]
    public Task Both_transcoders_answer_as_the_table_states(string row) =>
        EquivalenceAssert.AnswersAsync(fixture.Pair, Rows.Single(candidate => candidate.Name == row), output);

    [Fact]
    public void Rows_have_unique_names() =>
        Assert.Equal(Rows.Length, Rows.Select(row => row.Name).Distinct().Count());

    [Fact]
    public void Every_http_rule_of_the_test_service_has_a_row()
    {
        var routes = Ideation.Gateway.Transcoding.Routing.RouteTable.Build(TestServicePair.Service.Files);
        // Microsoft's JSON transcoding has no client streaming, so uploads have no row: UploadTests cover them.
        foreach (var route in routes.Routes.Where(route => !route.Method.IsClientStreaming))
        {
            var covered = Rows.Any(row => row.Method == route.HttpMethod
                && route.Template.TryMatch(Path(row.PathAndQuery), Segments(Path(row.PathAndQuery)), out _)
                && row.Agreement != Agreement.Different);
            Assert.True(covered, $"No row exercises {route}.");
        }

        static string Path(string pathAndQuery) => pathAndQuery.Split('?')[0].TrimEnd('/');
        static Range[] Segments(string path)
        {
            var ranges = new List<Range>();
            var start = 1;
            for (var i = 1; i <= path.Length; i++)
            {
                if (i == path.Length || path[i] == '/')
                {
                    ranges.Add(new Range(start, i));
                    start = i + 1;
                }
            }

            return [.. ranges];
        }
    }

    private static IEnumerable<EquivalenceCase> ErrorRows()
    {
        (string Code, int Http)[] codes =
        [
            ("CANCELLED", 408), ("UNKNOWN", 500), ("INVALID_ARGUMENT", 400), ("DEADLINE_EXCEEDED", 504), ("NOT_FOUND", 404),
            ("ALREADY_EXISTS", 409), ("PERMISSION_DENIED", 403), ("RESOURCE_EXHAUSTED", 429), ("FAILED_PRECONDITION", 400),
            ("ABORTED", 409), ("OUT_OF_RANGE", 400), ("UNIMPLEMENTED", 501), ("INTERNAL", 500), ("UNAVAILABLE", 503),
            ("DATA_LOSS", 500), ("UNAUTHENTICATED", 401),
        ];
        return codes.Select(code => EquivalenceCase.Get($"error: {code.Code}", $"/v1/failures/{code.Code}?message=boom%20{code.Code}&rich=true", code.Http));
    }

    private static string Hex(params byte[][] parts) => Convert.ToHexString([.. parts.SelectMany(part => part)]);

    private static EquivalenceCase Refused(string name, string pathAndQuery) =>
        new(name, "GET", pathAndQuery) { Agreement = Agreement.SameError, Both = new Answer(400, 3) };

    private static EquivalenceCase Refused(string name, string method, string pathAndQuery, string body) =>
        new(name, method, pathAndQuery) { Body = body, ContentType = "application/json", Agreement = Agreement.SameError, Both = new Answer(400, 3) };

    private static EquivalenceCase Differs(string name, string pathAndQuery, Answer reference, Answer gateway, string reason) =>
        new(name, "GET", pathAndQuery) { Agreement = Agreement.Different, Reference = reference, Gateway = gateway, Reason = reason };

    private static EquivalenceCase Differs(string name, string method, string pathAndQuery, string? body, Answer reference, Answer gateway, string reason) =>
        new(name, method, pathAndQuery)
        {
            Body = body, ContentType = body is null ? null : "application/json",
            Agreement = Agreement.Different, Reference = reference, Gateway = gateway, Reason = reason,
        };
}
