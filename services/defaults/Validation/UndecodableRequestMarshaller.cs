using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Ideation.ServiceDefaults.Validation;

/// <summary>
/// A request marshaller around the generated one whose deserializer turns a message that does not
/// decode into INVALID_ARGUMENT (<see cref="UndecodableRequest"/>), an RpcException, which grpc-dotnet
/// answers with its status and details instead of UNKNOWN. It adds no work to a message that decodes:
/// the generated parser reads it once, as before; only a failure reads the bytes again, to name the field.
/// </summary>
internal static class UndecodableRequestMarshaller
{
    public static Marshaller<T> Refusing<T>(Marshaller<T> generated)
    {
        // Every request of the contracts is a generated protobuf message; anything else is left as it is.
        if (!typeof(IMessage).IsAssignableFrom(typeof(T)))
        {
            return generated;
        }

        var descriptor = ((IMessage)Activator.CreateInstance<T>()!).Descriptor;
        var deserialize = generated.ContextualDeserializer;
        return new Marshaller<T>(generated.ContextualSerializer, context => Deserialize(deserialize, context, descriptor));
    }

    private static T Deserialize<T>(Func<DeserializationContext, T> deserialize, DeserializationContext context, MessageDescriptor descriptor)
    {
        try
        {
            return deserialize(context);
        }
        catch (InvalidProtocolBufferException exception)
        {
            // Google.Protobuf reports every malformation this way, invalid UTF-8 in a string included
            // (a DecoderFallbackException inside). Other exceptions stay server faults.
            throw UndecodableRequest.Refusal(context.PayloadAsReadOnlySequence(), descriptor, exception);
        }
    }
}
