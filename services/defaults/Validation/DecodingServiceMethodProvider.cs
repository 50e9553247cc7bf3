using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ideation.ServiceDefaults.Validation;

/// <summary>
/// Why this exists: grpc-dotnet decodes a request message before any interceptor runs and answers
/// any exception that is not an RpcException with UNKNOWN ("Exception was thrown by handler."), so
/// malformed protobuf, or invalid UTF-8 in a string field, looked like a fault of the server rather
/// than the client's INVALID_ARGUMENT. The only place to change that is the request marshaller of
/// each method, which the method provider hands to grpc-dotnet.
/// </summary>
public static class UndecodableRequests
{
    /// <summary>
    /// Replaces grpc-dotnet's own method provider by <see cref="DecodingServiceMethodProvider{TService}"/>
    /// for every gRPC service of the process. Call after <c>AddGrpc()</c>, and do not call it again after.
    /// </summary>
    public static IServiceCollection RefuseUndecodableRequests(this IServiceCollection services)
    {
        var defaults = services.Where(DecodingServiceMethodProvider.IsGrpcDefault).ToList();
        if (defaults.Count == 0)
        {
            throw new InvalidOperationException(
                "grpc-dotnet's method provider is not registered: call AddGrpc() first (or grpc-dotnet changed how it binds methods).");
        }

        foreach (var descriptor in defaults)
        {
            services.Remove(descriptor);
        }

        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(DecodingServiceMethodProvider<>));
        return services;
    }
}

/// <summary>What does not depend on the service type.</summary>
internal static class DecodingServiceMethodProvider
{
    public static bool IsGrpcDefault(ServiceDescriptor descriptor) =>
        descriptor.ServiceType == typeof(IServiceMethodProvider<>)
        && descriptor.ImplementationType?.Assembly == typeof(IServiceMethodProvider<>).Assembly;
}

/// <summary>
/// Binds a service's methods as grpc-dotnet's own provider does (the generated <c>BindService</c>,
/// the implementation's override of each method, the attributes of the class and the method as
/// endpoint metadata, POST only), with one change: each request marshaller refuses a message that
/// does not decode with INVALID_ARGUMENT (<see cref="UndecodableRequestMarshaller"/>). Messages that
/// decode are decoded once, by the generated parser, exactly as before.
/// </summary>
internal sealed class DecodingServiceMethodProvider<TService>(IServiceProvider services) : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        // Both providers would bind every method, and every route would be ambiguous at the first call.
        if (services.GetServices<IServiceMethodProvider<TService>>().Any(provider => provider.GetType().Assembly == typeof(IServiceMethodProvider<>).Assembly))
        {
            throw new InvalidOperationException(
                $"grpc-dotnet's method provider was registered again after RefuseUndecodableRequests (AddGrpc() called after AddGrpcServiceDefaults): "
                + $"both would bind {typeof(TService).Name}. Call AddGrpc() before AddGrpcServiceDefaults.");
        }

        var (bindMethod, serviceBase) = FindBindMethod();
        bindMethod.Invoke(null, [new Binder(context, serviceBase), null]);
    }

    /// <summary>The generated <c>BindService(ServiceBinderBase, FooBase)</c>, named by the <see cref="BindServiceMethodAttribute"/> on the generated base class.</summary>
    private static (MethodInfo BindMethod, Type ServiceBase) FindBindMethod()
    {
        for (var type = typeof(TService); type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is { } attribute)
            {
                var method = attribute.BindType.GetMethod(attribute.BindMethodName, BindingFlags.Public | BindingFlags.Static, [typeof(ServiceBinderBase), type])
                    ?? throw new InvalidOperationException($"{attribute.BindType}.{attribute.BindMethodName}(ServiceBinderBase, {type.Name}) was not found.");
                return (method, type);
            }
        }

        throw new InvalidOperationException($"{typeof(TService)} does not derive from a generated gRPC service base class ([BindServiceMethod]).");
    }

    /// <summary>
    /// Receives each method from <c>BindService</c> (called without a service instance, so every
    /// handler is null) and adds it to the context with the implementation's method as invoker.
    /// </summary>
    private sealed class Binder(ServiceMethodProviderContext<TService> context, Type serviceBase) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Implementation<Grpc.AspNetCore.Server.Model.UnaryServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(TRequest), typeof(ServerCallContext));
            context.AddUnaryMethod(Decoding(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Implementation<Grpc.AspNetCore.Server.Model.ClientStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
            context.AddClientStreamingMethod(Decoding(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Implementation<Grpc.AspNetCore.Server.Model.ServerStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddServerStreamingMethod(Decoding(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Implementation<Grpc.AspNetCore.Server.Model.DuplexStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddDuplexStreamingMethod(Decoding(method), metadata, invoker);
        }

        private static Method<TRequest, TResponse> Decoding<TRequest, TResponse>(Method<TRequest, TResponse> method)
            where TRequest : class
            where TResponse : class =>
            new(method.Type, method.ServiceName, method.Name, UndecodableRequestMarshaller.Refusing(method.RequestMarshaller), method.ResponseMarshaller);

        /// <summary>
        /// The implementation's override of the generated virtual method (or the generated one, which
        /// answers UNIMPLEMENTED), as an open-instance delegate, and the endpoint metadata: the class's
        /// attributes first and the method's after, so that the method's win (<c>[Authorize]</c>,
        /// <c>[AllowAnonymous]</c>), then POST as the only HTTP method (CORS preflight accepted).
        /// </summary>
        private (TDelegate Invoker, List<object> Metadata) Implementation<TDelegate>(string name, params Type[] parameters)
            where TDelegate : Delegate
        {
            var implementation = FindOverride(name, parameters)
                ?? throw new InvalidOperationException($"{typeof(TService)} has no method {name} overriding {serviceBase.Name}.{name}.");
            var metadata = new List<object>();
            metadata.AddRange(typeof(TService).GetCustomAttributes(inherit: true));
            metadata.AddRange(implementation.GetCustomAttributes(inherit: true));
            metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
            return ((TDelegate)Delegate.CreateDelegate(typeof(TDelegate), implementation), metadata);
        }

        /// <summary>The most derived public method of that name and signature that overrides the generated one (a method that hides it with <c>new</c> does not count).</summary>
        private MethodInfo? FindOverride(string name, Type[] parameters)
        {
            for (var type = typeof(TService); type is not null; type = type.BaseType)
            {
                var candidate = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters);
                if (candidate is null)
                {
                    return null;
                }

                if (candidate.IsVirtual && candidate.GetBaseDefinition().DeclaringType == serviceBase)
                {
                    return candidate;
                }
            }

            return null;
        }
    }
}
