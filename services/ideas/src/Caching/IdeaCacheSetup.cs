namespace Ideation.Ideas.Caching;

/// <summary>Registers the idea cache; off (every read from PostgreSQL) unless <c>Ideas:Cache:Redis</c> is set.</summary>
public static class IdeaCacheSetup
{
    public static IServiceCollection AddIdeaCache(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IdeaCacheOptions>()
            .Bind(configuration.GetSection(IdeaCacheOptions.Section))
            .Validate(options => !options.Enabled || (options.Ttl >= TimeSpan.FromSeconds(1) && options.Timeout > TimeSpan.Zero),
                $"{IdeaCacheOptions.Section}:Ttl must be at least a second and {IdeaCacheOptions.Section}:Timeout above zero.")
            .ValidateOnStart();
        // Not a readiness dependency: without Redis, GetIdea reads PostgreSQL.
        services.AddSingleton<IdeaCache>();
        return services;
    }
}
