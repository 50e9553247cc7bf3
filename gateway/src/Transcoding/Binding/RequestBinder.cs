using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Ideation.Gateway.Transcoding.Json;
using Ideation.Gateway.Transcoding.Routing;
using Microsoft.Net.Http.Headers;

namespace Ideation.Gateway.Transcoding.Binding;

/// <summary>
/// Builds the request message of a matched route: first the body (per the rule's <c>body</c>), then
/// the path variables (they win over the body, as in google.api.http), then the query string.
/// </summary>
internal static class RequestBinder
{
    /// <summary>
    /// Invalid bytes are an error, not U+FFFD: replacing them would store text the client never sent
    /// (Encoding.UTF8 replaces silently).
    /// </summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ValueTask<IMessage> BindAsync(HttpContext context, TranscodedRoute route, string[]? pathValues, ProtoJson json)
    {
        if (route.Body == BodyKind.None)
        {
            var request = ProtoFields.NewMessage(route.Method.InputType);
            BindPathAndQuery(request, route, pathValues, context.Request.QueryString.Value, json);
            return ValueTask.FromResult(request);
        }

        return BindWithBodyAsync(context, route, pathValues, json);
    }

    private static async ValueTask<IMessage> BindWithBodyAsync(HttpContext context, TranscodedRoute route, string[]? pathValues, ProtoJson json)
    {
        var reader = context.Request.BodyReader;
        ReadResult read;
        while (true)
        {
            read = await reader.ReadAsync(context.RequestAborted);
            if (read.IsCompleted || read.IsCanceled)
            {
                break;
            }

            // Keep everything buffered until the body is complete.
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        IMessage request;
        try
        {
            request = ReadBody(read.Buffer, context.Request.ContentType, route, json);
        }
        finally
        {
            reader.AdvanceTo(read.Buffer.End);
        }

        BindPathAndQuery(request, route, pathValues, context.Request.QueryString.Value, json);
        return request;
    }

    /// <summary>The request message with the body's part set.</summary>
    internal static IMessage ReadBody(ReadOnlySequence<byte> body, string? contentType, TranscodedRoute route, ProtoJson json)
    {
        var input = route.Method.InputType;
        if (route.HttpBodyType is { } httpBody)
        {
            var part = CreateHttpBody(httpBody, contentType);
            SetHttpBodyData(part, ByteString.CopyFrom(body.ToArray()));
            return WithBodyPart(route, input, part);
        }

        var target = route.Body == BodyKind.Whole ? input
            : route.BodyField!.FieldType == FieldType.Message && !route.BodyField.IsRepeated ? route.BodyField.MessageType
            : null;

        if (body.IsEmpty)
        {
            // No body at all, as for a custom method whose fields are all optional: an empty message.
            return ProtoFields.NewMessage(input);
        }

        var text = DecodeJson(body, contentType);
        try
        {
            if (target is not null)
            {
                return WithBodyPart(route, input, json.Parser.Parse(text, target));
            }

            // A repeated, map or scalar field: parse the body as that field's value. It must be a single
            // JSON value, or the body could set other fields of the request too.
            EnsureSingleJsonValue(text);
            return json.Parser.Parse($"{{\"{route.BodyField!.JsonName}\":{text}}}", input);
        }
        catch (Exception exception) when (exception is IOException or FormatException or InvalidOperationException or ArgumentException or JsonException)
        {
            var expected = route.Body == BodyKind.Whole ? input.FullName : $"field '{route.BodyField!.Name}' of {input.FullName}";
            throw TranscodingException.InvalidArgument($"The JSON body is not a valid {expected}: {exception.Message}");
        }
    }

    private static IMessage WithBodyPart(TranscodedRoute route, MessageDescriptor input, IMessage part)
    {
        if (route.Body == BodyKind.Whole)
        {
            return part;
        }

        var request = ProtoFields.NewMessage(input);
        route.BodyField!.Accessor.SetValue(request, part);
        return request;
    }

    /// <summary>
    /// The first message of an upload (a client stream whose body is a google.api.HttpBody): the path,
    /// the query string and the Content-Type, without data; <see cref="SetUploadData"/> adds the first chunk.
    /// </summary>
    public static IMessage BindUploadHead(HttpContext context, TranscodedRoute route, string[]? pathValues, ProtoJson json)
    {
        var request = WithBodyPart(route, route.Method.InputType, CreateHttpBody(route.HttpBodyType!, context.Request.ContentType));
        BindPathAndQuery(request, route, pathValues, context.Request.QueryString.Value, json);
        return request;
    }

    /// <summary>A later message of an upload: nothing but the next chunk of the body.</summary>
    public static IMessage UploadChunk(TranscodedRoute route, ByteString data)
    {
        var request = WithBodyPart(route, route.Method.InputType, ProtoFields.NewMessage(route.HttpBodyType!));
        SetUploadData(request, route, data);
        return request;
    }

    /// <summary>Sets the data of the HttpBody of an upload message (the head's first chunk).</summary>
    public static void SetUploadData(IMessage request, TranscodedRoute route, ByteString data) =>
        SetHttpBodyData(route.Body == BodyKind.Whole ? request : ProtoFields.GetOrCreateMessage(request, route.BodyField!), data);

    // google.api.HttpBody: content_type = 1, data = 2.
    private static IMessage CreateHttpBody(MessageDescriptor httpBody, string? contentType)
    {
        var message = ProtoFields.NewMessage(httpBody);
        if (contentType is not null)
        {
            httpBody.FindFieldByNumber(1).Accessor.SetValue(message, contentType);
        }

        return message;
    }

    private static void SetHttpBodyData(IMessage httpBody, ByteString data) =>
        httpBody.Descriptor.FindFieldByNumber(2).Accessor.SetValue(httpBody, data);

    private static string DecodeJson(ReadOnlySequence<byte> body, string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !(mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                 || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)))
        {
            throw TranscodingException.InvalidArgument(
                $"The request body must be JSON: send Content-Type application/json (it was '{contentType ?? "none"}').");
        }

        Encoding encoding = StrictUtf8;
        if (mediaType.Charset.HasValue && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                encoding = Encoding.GetEncoding(mediaType.Charset.Value!, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            }
            catch (ArgumentException)
            {
                throw TranscodingException.InvalidArgument($"The request charset '{mediaType.Charset}' is not a known encoding.");
            }
        }

        try
        {
            return encoding.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            throw TranscodingException.InvalidArgument($"The request body is not valid {encoding.WebName}.");
        }
    }

    private static void EnsureSingleJsonValue(string text)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text));
        if (!reader.Read() || !reader.TrySkip() || reader.Read())
        {
            throw new FormatException("expected one JSON value");
        }
    }

    internal static void BindPathAndQuery(IMessage request, TranscodedRoute route, string[]? pathValues, string? queryString, ProtoJson json)
    {
        if (pathValues is not null)
        {
            for (var i = 0; i < pathValues.Length; i++)
            {
                BindPathValue(request, route.VariableFields[i], route.Template.Variables[i].FieldPathText, pathValues[i], json.Parser);
            }
        }

        route.Query.Bind(request, queryString, json.Parser);
    }

    private static void BindPathValue(IMessage request, FieldDescriptor[] path, string name, string value, JsonParser parser)
    {
        var message = request;
        for (var i = 0; i < path.Length - 1; i++)
        {
            message = ProtoFields.GetOrCreateMessage(message, path[i]);
        }

        var field = path[^1];
        try
        {
            field.Accessor.SetValue(message, FieldValueParser.Parse(field, value, parser));
        }
        catch (FormatException exception)
        {
            throw TranscodingException.InvalidField(name, $"Invalid value for path variable '{name}': {exception.Message}.");
        }
    }
}
