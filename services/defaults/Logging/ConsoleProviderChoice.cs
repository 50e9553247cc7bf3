using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Ideation.ServiceDefaults.Logging;

/// <summary>
/// One console provider per process, chosen by <c>Logging:Console:FormatterName</c> when the logger
/// factory starts: the platform's own provider for the platform's formatter, .NET's console provider
/// for any other (<c>simple</c>, <c>json</c>), which formats and queues lines as it always did.
/// Changing the formatter name at run time does not switch providers: it takes a restart.
/// </summary>
internal static class ConsoleProviderChoice
{
    // One delegate instance, so that a second registration recognises the first.
    private static readonly Func<IServiceProvider, object> Factory = Create;

    /// <summary>Takes the place of the registration <c>AddConsole</c> made (the host's defaults make one too); registering twice registers once.</summary>
    public static void Register(IServiceCollection services)
    {
        for (var index = services.Count - 1; index >= 0; index--)
        {
            var descriptor = services[index];
            if (descriptor.ServiceType == typeof(ILoggerProvider)
                && (descriptor.ImplementationType == typeof(ConsoleLoggerProvider) || ReferenceEquals(descriptor.ImplementationFactory, Factory)))
            {
                services.RemoveAt(index);
            }
        }

        services.Add(ServiceDescriptor.Singleton(typeof(ILoggerProvider), Factory));
    }

    private static ILoggerProvider Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>();
        return options.CurrentValue.FormatterName == PlatformJsonFormatter.FormatterName
            ? new PlatformConsoleLoggerProvider()
            : new ConsoleLoggerProvider(options, services.GetServices<ConsoleFormatter>());
    }
}
