using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Ideation.Gateway.Transcoding.Binding;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Ideation.Gateway.Transcoding.Routing;

/// <summary>An RPC that has at least one HTTP rule, with what calling it needs, built once.</summary>
internal sealed class TranscodedMethod
{
    public TranscodedMethod(MethodDescriptor descriptor)
    {
        Descriptor = descriptor;
        IsServerStreaming = descriptor.IsServerStreaming;
        IsClientStreaming = descriptor.IsClientStreaming;
        GrpcMethod = new Method<IMessage, IMessage>(
            descriptor.IsClientStreaming ? MethodType.ClientStreaming
                : descriptor.IsServerStreaming ? MethodType.ServerStreaming
                : MethodType.Unary,
            descriptor.Service.FullName,
            descriptor.Name,
            DescriptorMarshallers.For(descriptor.InputType),
            DescriptorMarshallers.For(descriptor.OutputType));
    }

    public MethodDescriptor Descriptor { get; }

    public ServiceDescriptor Service => Descriptor.Service;

    public MessageDescriptor InputType => Descriptor.InputType;

    public MessageDescriptor OutputType => Descriptor.OutputType;

    public bool IsServerStreaming { get; }

    /// <summary>A client stream: transcoded only as an upload, the request body streamed as google.api.HttpBody chunks.</summary>
    public bool IsClientStreaming { get; }

    /// <summary>The gRPC method over untyped messages, marshalled by the descriptors' generated parsers.</summary>
    public Method<IMessage, IMessage> GrpcMethod { get; }

    public override string ToString() => Descriptor.FullName;
}

/// <summary>Where a request message comes from besides the path and the query string.</summary>
internal enum BodyKind
{
    /// <summary>No body: fields not bound by the path come from the query string.</summary>
    None,

    /// <summary><c>body: "*"</c>: the body is the request message; no query parameters.</summary>
    Whole,

    /// <summary><c>body: "field"</c>: the body is one top-level field; other fields may come from the query string.</summary>
    Field,
}

/// <summary>One HTTP binding of an RPC (its rule or one of its additional_bindings), compiled.</summary>
internal sealed class TranscodedRoute
{
    public required string HttpMethod { get; init; }

    public required PathTemplate Template { get; init; }

    /// <summary>Names this route's template as the <c>route</c> label of the request metrics.</summary>
    public Ideation.ServiceDefaults.Metrics.RouteTemplateFeature MetricsRoute => field ??= new(Template.Text);

    public required TranscodedMethod Method { get; init; }

    /// <summary>Per template variable (same order), the request fields it sets.</summary>
    public required IReadOnlyList<FieldDescriptor[]> VariableFields { get; init; }

    public required BodyKind Body { get; init; }

    /// <summary>The top-level request field the body holds, for <see cref="BodyKind.Field"/>.</summary>
    public FieldDescriptor? BodyField { get; init; }

    /// <summary>
    /// The google.api.HttpBody that the raw request body fills: the request itself (<c>body: "*"</c>) or the
    /// message of the body field. Null when the body is JSON or there is none.
    /// </summary>
    public MessageDescriptor? HttpBodyType { get; init; }

    /// <summary>The response field written as the body (<c>response_body</c>), or null for the whole response.</summary>
    public FieldDescriptor? ResponseBodyField { get; init; }

    /// <summary>
    /// Whether the response is raw bytes rather than JSON: the whole response is a google.api.HttpBody
    /// (a file, or a server stream of its pieces).
    /// </summary>
    public bool IsRawResponse => ResponseBodyField is null && ProtoFields.IsHttpBody(Method.OutputType);

    public required QueryBinder Query { get; init; }

    public override string ToString() => $"{HttpMethod} {Template} -> {Method}";
}
