using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Ideation.Gateway.Transcoding.Routing;

/// <summary>
/// gRPC marshallers for untyped messages: serialization writes straight into the call's buffer and
/// deserialization uses the generated parser of the descriptor, as generated client code does.
/// </summary>
internal static class DescriptorMarshallers
{
    private static readonly ConcurrentDictionary<MessageDescriptor, Marshaller<IMessage>> Cache = new();

    public static Marshaller<IMessage> For(MessageDescriptor message) => Cache.GetOrAdd(message, static descriptor =>
    {
        var parser = descriptor.Parser;
        return new Marshaller<IMessage>(Serialize, context => parser.ParseFrom(context.PayloadAsReadOnlySequence()));
    });

    private static void Serialize(IMessage message, SerializationContext context)
    {
        context.SetPayloadLength(message.CalculateSize());
        message.WriteTo(context.GetBufferWriter());
        context.Complete();
    }
}
