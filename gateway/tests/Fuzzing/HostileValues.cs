using CsCheck;

namespace Ideation.Gateway.Tests.Fuzzing;

/// <summary>The hostile pieces mutations put into requests: path segments, query values, raw JSON values, bytes.</summary>
internal static class HostileValues
{
    /// <summary>Stays well under Kestrel's 8 KiB request line even with three long pieces in one URL.</summary>
    private const int MaxUrlPiece = 2000;

    public static readonly Gen<string> LongText = Gen.Int[256, MaxUrlPiece].Select(length => new string('a', length));

    public static readonly Gen<string> Segment = Gen.Frequency(
        (8, Gen.OneOf(
            "", ".", "..", "%2F", "a%2Fb", "%2e%2e", "%00", "%FF", "%C0%AE", "%ZZ", "%", "%25", "%20", "%0A", "%0D%0A",
            "%E2%80%AE", "%F0%9F%9A%B2", "ideas", "*", "**", "%7Bname%7D", ";", "a;b=c", "~", "%3A", "a:b", "'%20OR%201=1--",
            "%5C..%5C", "%25_%5C", "00000000-0000-0000-0000-000000000000", "0", "-1", "NaN")),
        (2, LongText),
        (1, Gen.Guid.Select(guid => guid.ToString("N").ToUpperInvariant())));

    public static readonly Gen<string> QueryKey = Gen.OneOf(
        "unknown", "sort", "name", "parent", "idea", "idea.title", "idea.name", "pageSize", "page_size", "PageSize", "a.b.c",
        "%zz", "%00", "%C3%A9", "x%5B%5D", "updateMask", "update_mask.paths", "requestId", "filename", "etag", ".", "..", "title.",
        "tags", "chunk", "chunk.data");

    public static readonly Gen<string> QueryValue = Gen.Frequency(
        (8, Gen.OneOf(
            "", "abc", "-1", "0", "1.5", "1e3", "99999999999999999999", "2147483648", "-2147483649", "true", "%", "%zz", "%00",
            "%FF", "+", "%2B", "a%26b%3Dc", "'%20OR%201=1--", "%25_%5C", "NaN", "Infinity", "null", "%5B1%5D", "%E2%82%AC",
            "title,,", "%2C", "create_time%20desc", "bogus%20asc", "AAAA", "-_-_")),
        (1, LongText));

    private static readonly Gen<string> DeepArray = Gen.Int[10, 20_000].Select(depth => new string('[', depth) + new string(']', depth));

    private static readonly Gen<string> DeepObject = Gen.Int[10, 20_000].Select(depth =>
        string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth));

    /// <summary>Up to just over the gateway's 1 MiB limit for a JSON body.</summary>
    private static readonly Gen<string> HugeString = Gen.Int[1_000, 1_100_000].Select(length => $"\"{new string('x', length)}\"");

    public static readonly Gen<string> RawJson = Gen.Frequency(
        (10, Gen.OneOf(
            "1e400", "-1e400", "1e-400", "123456789012345678901234567890", "1.5", "-0", "0x10", "01", "NaN", "\"NaN\"", "Infinity",
            "true", "null", "{}", "[]", "[1,\"a\",null]", "{\"a\":{\"b\":1}}", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"",
            "\"\\udc00\\ud800\"", "\"\\u0001\\u001f\\u007f\"", "\"\\\\\"", "\"9223372036854775808\"", "\"-9223372036854775809\"",
            "-2147483649", "4294967296", "\"2025-13-45T99:99:99Z\"", "\"0001-01-01T00:00:00Z\"", "\"10000-01-01T00:00:00Z\"",
            "\"title,,description\"", "\"a.b.c\"", "\"\"", "\"' OR '1'='1\"", "\"%_\\\\\"", "\"\\u202eevil\"")),
        (1, DeepArray),
        (1, DeepObject),
        (1, HugeString));

    public static readonly Gen<string> RawBody = Gen.Frequency(
        (10, Gen.OneOf(
            "", " ", "[]", "\"x\"", "1", "null", "true", "{", "}", "{}", "{\"a\":", "{'title':'x'}", "{\"title\":\"a\",\"title\":\"b\"}",
            "{\"title\":\"x\",}", "{title:1}", "{\"\":1}", "/* comment */ {}", "{} {}", "{}garbage",
            "{\"@type\":\"type.googleapis.com/google.rpc.Status\"}", "{\"idea\":{\"title\":\"x\"}}")),
        (1, DeepArray),
        (1, DeepObject));

    public static readonly Gen<string?> ContentType = Gen.OneOf<string?>(
        null, "", "application/json", "application/json; charset=utf-8", "application/json; charset=UTF-16", "application/json; charset=iso-8859-1",
        "application/json; charset=bogus", "application/json; charset=\"", "application/json;;", "text/plain", "application/xml",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/problem+json", "application/merge-patch+json",
        "application/grpc", "application/grpc-web", "application/pdf", "image/png", "*/*", "/", "json", "application/json+json");

    public static readonly Gen<byte[]> Bytes = Gen.OneOf<byte[]>(
        [0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0x00], [0xef, 0xbb, 0xbf], [0x22], [0x5c], [0xf4, 0x90, 0x80, 0x80], [0x80], [0x7b], [0x2c]);

    public static readonly Gen<string> Method = Gen.OneOf("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "FUZZ");

    public static readonly Gen<string?> Verb = Gen.OneOf<string?>(null, "submit", "startReview", "approve", "download", "nope", "", "a:b", "SUBMIT");
}
