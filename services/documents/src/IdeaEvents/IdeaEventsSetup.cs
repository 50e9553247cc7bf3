namespace Ideation.Documents.IdeaEvents;

/// <summary>Wires the consumer of the ideas service's events (it shares the scan pipeline's Redis connection).</summary>
public static class IdeaEventsSetup
{
    public static IServiceCollection AddIdeaEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<IdeaEventsOptions>(configuration.GetSection(IdeaEventsOptions.Section));
        services.AddScoped<IdeaDeletions>();
        services.AddSingleton<IdeaEventsConsumer>();
        services.AddHostedService(provider => provider.GetRequiredService<IdeaEventsConsumer>());
        return services;
    }
}
