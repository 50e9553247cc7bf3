using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;
using Ideation.Gateway.Transcoding.Binding;
using Ideation.Gateway.Transcoding.Routing;

namespace Ideation.Gateway.OpenApi;

/// <summary>
/// Describes the REST surface as an OpenAPI 3.0 document, from the same compiled HTTP rules the
/// transcoder serves: one operation per rule and additional binding, with its path and query
/// parameters, request body (per the rule's <c>body</c>), response and the google.rpc.Status error.
/// </summary>
internal static class OpenApiDocumentGenerator
{
    public const string OpenApiVersion = "3.0.3";

    /// <summary>How deep query parameters go into nested messages; a recursive message stops earlier.</summary>
    private const int MaxQueryDepth = 4;

    public static JsonObject Generate(RouteTable routes, string title, string version)
    {
        var schemas = new OpenApiSchemas();
        var paths = new JsonObject();
        var operationIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var route in routes.Routes)
        {
            var (path, pathParameters) = DescribePath(route);
            if (paths[path] is not JsonObject item)
            {
                item = new JsonObject();
                paths[path] = item;
            }

            item[route.HttpMethod.ToLowerInvariant()] = DescribeOperation(route, pathParameters, schemas, operationIds);
        }

        // Every error answer is a google.rpc.Status, whether the gateway or a backend refused the call.
        schemas.ForMessage(Google.Rpc.Status.Descriptor);

        var tags = new JsonArray();
        foreach (var service in routes.Routes.Select(route => route.Method.Service).Distinct().OrderBy(service => service.FullName, StringComparer.Ordinal))
        {
            tags.Add(OpenApiSchemas.Describe(new JsonObject { ["name"] = service.FullName }, Comments.Of(service)));
        }

        return new JsonObject
        {
            ["openapi"] = OpenApiVersion,
            ["info"] = new JsonObject
            {
                ["title"] = title,
                ["version"] = version,
                ["description"] = "REST/JSON transcoding of the platform's gRPC services, generated from their google.api.http rules. "
                    + "JSON follows the proto3 JSON mapping: lowerCamel names, enums as names, 64-bit integers as strings. "
                    + "Server-streaming methods answer with one JSON object per line, except downloads (google.api.HttpBody), which are the raw bytes of a file. "
                    + "Errors are google.rpc.Status objects.",
            },
            ["tags"] = tags,
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas.Components(),
                ["securitySchemes"] = new JsonObject
                {
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT" },
                },
            },
            ["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }),
        };
    }

    /// <summary>
    /// The OpenAPI path of a template. A variable that spans literal segments (<c>{name=ideas/*}</c>)
    /// keeps them in the path, each wildcard becoming a parameter (<c>/v1/ideas/{idea}</c>), so that
    /// generated clients send slashes as slashes; the parameter says which field it completes.
    /// </summary>
    private static (string Path, JsonArray Parameters) DescribePath(TranscodedRoute route)
    {
        var template = route.Template;
        var parameters = new JsonArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var parts = new List<string>();
        var segmentIndex = 0;
        foreach (var (variable, index) in template.Variables.Select((variable, index) => (variable, index)))
        {
            for (; segmentIndex < variable.Start; segmentIndex++)
            {
                parts.Add(template.Segments[segmentIndex].Text);
            }

            var field = route.VariableFields[index][^1];
            var fieldPath = string.Join('.', route.VariableFields[index].Select(f => f.JsonName));
            var pattern = string.Join('/', template.Segments.Skip(variable.Start).Take(variable.End - variable.Start).Select(segment => segment.Text));
            var single = variable.End - variable.Start == 1;
            for (; segmentIndex < variable.End; segmentIndex++)
            {
                var segment = template.Segments[segmentIndex];
                if (segment.Kind == SegmentKind.Literal)
                {
                    parts.Add(segment.Text);
                    continue;
                }

                var name = single ? fieldPath : UniqueName(names, ParameterName(template, segmentIndex, fieldPath));
                names.Add(name);
                parts.Add($"{{{name}}}");
                var description = single
                    ? Comments.Of(field)
                    : $"Completes `{fieldPath}`, which is `{pattern}`{(segment.Kind == SegmentKind.DoubleWildcard ? " (may span several segments)" : "")}.";
                var schema = single ? Schemas.PathValue(field) : new JsonObject { ["type"] = "string" };
                parameters.Add(OpenApiSchemas.Describe(new JsonObject
                {
                    ["name"] = name,
                    ["in"] = "path",
                    ["required"] = true,
                    ["schema"] = schema,
                }, description));
            }
        }

        for (; segmentIndex < template.Segments.Count; segmentIndex++)
        {
            parts.Add(template.Segments[segmentIndex].Text);
        }

        var path = "/" + string.Join('/', parts) + (template.Verb is null ? "" : ":" + template.Verb);
        return (path, parameters);
    }

    private static string ParameterName(PathTemplate template, int segmentIndex, string fieldPath)
    {
        // Named after the collection before the wildcard, singular: "ideas/*" -> "idea".
        if (segmentIndex > 0 && template.Segments[segmentIndex - 1] is { Kind: SegmentKind.Literal, Text: var collection })
        {
            return collection switch
            {
                _ when collection.EndsWith("ies", StringComparison.Ordinal) => collection[..^3] + "y",
                _ when collection.EndsWith("ves", StringComparison.Ordinal) => collection[..^3] + "f",
                _ when collection.EndsWith('s') && !collection.EndsWith("ss", StringComparison.Ordinal) => collection[..^1],
                _ => collection,
            };
        }

        return fieldPath;
    }

    private static string UniqueName(HashSet<string> names, string name)
    {
        var unique = name;
        for (var i = 2; names.Contains(unique); i++)
        {
            unique = $"{name}{i}";
        }

        return unique;
    }

    private static JsonObject DescribeOperation(TranscodedRoute route, JsonArray pathParameters, OpenApiSchemas schemas, HashSet<string> operationIds)
    {
        var method = route.Method;
        var parameters = new JsonArray();
        foreach (var parameter in pathParameters)
        {
            parameters.Add(parameter!.DeepClone());
        }

        if (route.Body != BodyKind.Whole)
        {
            var excluded = route.VariableFields.ToList();
            if (route.BodyField is not null)
            {
                excluded.Add([route.BodyField]);
            }

            AddQueryParameters(parameters, method.InputType, [], excluded, schemas, depth: 0);
        }

        var operationId = $"{method.Service.Name}_{method.Descriptor.Name}";
        for (var i = 2; !operationIds.Add(operationId); i++)
        {
            operationId = $"{method.Service.Name}_{method.Descriptor.Name}{i}";
        }

        var operation = new JsonObject
        {
            ["tags"] = new JsonArray(method.Service.FullName),
            ["operationId"] = operationId,
            ["summary"] = $"{method.Descriptor.FullName}{(method.IsServerStreaming ? " (server stream)" : method.IsClientStreaming ? " (upload stream)" : "")}",
        };
        OpenApiSchemas.Describe(operation, Comments.Of(method.Descriptor));
        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }

        if (DescribeRequestBody(route, schemas) is { } requestBody)
        {
            operation["requestBody"] = requestBody;
        }

        operation["responses"] = new JsonObject
        {
            ["200"] = DescribeResponse(route, schemas),
            ["default"] = new JsonObject
            {
                ["description"] = "An error: the google.rpc.Status of the gRPC call, or of the gateway when it refused the request "
                    + "(HTTP status by gRPC code: INVALID_ARGUMENT 400, UNAUTHENTICATED 401, PERMISSION_DENIED 403, NOT_FOUND 404, "
                    + "ALREADY_EXISTS and ABORTED 409, RESOURCE_EXHAUSTED 429 (413 when its ErrorInfo reason is UPLOAD_TOO_LARGE or REQUEST_TOO_LARGE), UNIMPLEMENTED 501, UNAVAILABLE 503, DEADLINE_EXCEEDED 504).",
                ["content"] = Json(schemas.ForMessage(Google.Rpc.Status.Descriptor)),
            },
        };
        return operation;
    }

    private static void AddQueryParameters(
        JsonArray parameters, MessageDescriptor message, IReadOnlyList<FieldDescriptor> prefix,
        IReadOnlyList<FieldDescriptor[]> excluded, OpenApiSchemas schemas, int depth)
    {
        foreach (var field in message.Fields.InFieldNumberOrder())
        {
            FieldDescriptor[] path = [.. prefix, field];
            if (excluded.Any(bound => bound.Length <= path.Length && path.AsSpan(0, bound.Length).SequenceEqual(bound)))
            {
                continue;
            }

            if (ProtoFields.IsScalarField(field))
            {
                var schema = field.IsRepeated
                    ? new JsonObject { ["type"] = "array", ["items"] = Schemas.PathValue(field) }
                    : Schemas.PathValue(field);
                var parameter = new JsonObject
                {
                    ["name"] = string.Join('.', path.Select(f => f.JsonName)),
                    ["in"] = "query",
                    ["schema"] = schema,
                };
                if (field.IsRepeated)
                {
                    parameter["style"] = "form";
                    parameter["explode"] = true;
                }

                parameters.Add(OpenApiSchemas.Describe(parameter, Comments.Of(field)));
            }
            else if (!field.IsMap && !field.IsRepeated && field.FieldType == FieldType.Message
                     && depth + 1 < MaxQueryDepth && !prefix.Any(f => f.MessageType == field.MessageType) && field.MessageType != message)
            {
                AddQueryParameters(parameters, field.MessageType, path, excluded, schemas, depth + 1);
            }
        }
    }

    private static JsonObject? DescribeRequestBody(TranscodedRoute route, OpenApiSchemas schemas)
    {
        if (route.HttpBodyType is not null)
        {
            // Raw bytes of any type; the Content-Type goes to the service with them. An upload streams them
            // to the service in chunks, so the service limits their size; the gateway's own limit, set
            // above the service's, only stops a body without end.
            var target = route.Body == BodyKind.Whole ? "" : route.BodyField!.JsonName + ".";
            var rawBody = new JsonObject { ["required"] = true, ["content"] = RawContent() };
            return OpenApiSchemas.Describe(rawBody, route.Method.IsClientStreaming
                ? $"The file's raw bytes, of any content type (sent as `{target}contentType`), streamed to the service in chunks. "
                    + "The service limits the size, and the gateway refuses a body over its own, higher, limit: "
                    + "either answers 413 with ErrorInfo reason UPLOAD_TOO_LARGE."
                : $"The raw bytes, of any content type (sent as `{target}contentType`).");
        }

        var schema = route.Body switch
        {
            BodyKind.None => null,
            BodyKind.Whole => schemas.ForMessage(route.Method.InputType),
            _ => schemas.ForField(route.BodyField!),
        };
        if (schema is null)
        {
            return null;
        }

        var description = route.Body == BodyKind.Whole && route.VariableFields.Count > 0
            ? $"Fields set by the path ({string.Join(", ", route.Template.Variables.Select(variable => $"`{variable.FieldPathText}`"))}) are taken from the path."
            : null;
        return OpenApiSchemas.Describe(new JsonObject { ["required"] = route.Body == BodyKind.Field, ["content"] = Json(schema) }, description);
    }

    private static JsonObject DescribeResponse(TranscodedRoute route, OpenApiSchemas schemas)
    {
        var output = route.Method.OutputType;
        if (route.IsRawResponse)
        {
            return new JsonObject
            {
                ["description"] = route.Method.IsServerStreaming
                    ? "The file's raw bytes, streamed, with its own content type (that of the first message)."
                    : "The raw body, with its own content type.",
                ["headers"] = RawResponseHeaders(),
                ["content"] = RawContent(),
            };
        }

        var schema = route.ResponseBodyField is { } field ? schemas.ForField(field) : schemas.ForMessage(output);
        return new JsonObject
        {
            ["description"] = route.Method.IsServerStreaming
                ? $"A stream of {output.FullName}: one JSON object per line, flushed as each arrives. An error after the first line ends the stream as a google.rpc.Status line."
                : $"The {output.FullName}.",
            ["content"] = Json(schema),
        };
    }

    /// <summary>Raw bytes: <c>application/octet-stream</c> first (what tools offer a file picker for), and any other type.</summary>
    private static JsonObject RawContent() => new()
    {
        ["application/octet-stream"] = new JsonObject { ["schema"] = Binary() },
        ["*/*"] = new JsonObject { ["schema"] = Binary() },
    };

    private static JsonObject Binary() => new() { ["type"] = "string", ["format"] = "binary" };

    /// <summary>The headers of a raw response: those the service sets to describe the file, which the gateway forwards, and its own.</summary>
    private static JsonObject RawResponseHeaders()
    {
        var headers = new JsonObject();
        foreach (var (name, description) in new[]
        {
            ("Content-Disposition", "How to save the file (`attachment` and its name), when the service says."),
            ("ETag", "The version of the file, when the service says."),
            ("Cache-Control", "How long the file may be cached, when the service says."),
            ("Last-Modified", "When the file last changed, when the service says."),
            ("X-Content-Type-Options", "Always `nosniff`: the bytes are only what their content type says."),
        })
        {
            headers[name] = new JsonObject { ["description"] = description, ["schema"] = new JsonObject { ["type"] = "string" } };
        }

        return headers;
    }

    private static JsonObject Json(JsonObject schema) => new() { ["application/json"] = new JsonObject { ["schema"] = schema } };

    /// <summary>Schemas of values carried by a path or query string (their JSON string form, unquoted).</summary>
    private static class Schemas
    {
        public static JsonObject PathValue(FieldDescriptor field)
        {
            var schemas = new OpenApiSchemas();
            var schema = schemas.ForSingleValue(field);
            if (field.FieldType == FieldType.Enum)
            {
                // Inline the enum values: a query parameter's schema reads better without a reference.
                var values = new JsonArray();
                foreach (var value in field.EnumType.Values)
                {
                    values.Add(value.Name);
                }

                return new JsonObject { ["type"] = "string", ["enum"] = values };
            }

            schema.Remove("nullable");
            return schema;
        }
    }
}
