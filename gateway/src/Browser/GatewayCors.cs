namespace Ideation.Gateway.Browser;

/// <summary>
/// CORS by allow-list (<see cref="GatewayCorsOptions"/>): an allowed origin may send the REST API's
/// methods with a bearer token and a JSON or file body, and read the headers a client needs; any other
/// origin gets no CORS headers, so its browser keeps the answer from it. No cookies are involved (the
/// token is a header), so credentials are not allowed.
/// </summary>
public static class GatewayCors
{
    private const string Policy = "gateway";

    public static IServiceCollection AddGatewayCors(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(GatewayCorsOptions.Section).Get<GatewayCorsOptions>() ?? new GatewayCorsOptions();
        services.AddSingleton(options);
        if (options.AllowedOrigins.Length == 0)
        {
            return services;
        }

        var invalid = options.AllowedOrigins.Where(origin => !IsOrigin(origin)).ToList();
        if (invalid.Count > 0)
        {
            throw new InvalidOperationException(
                $"{GatewayCorsOptions.Section}:AllowedOrigins takes origins such as https://ideas.example.com (scheme, host, optional port, no path or wildcard): {string.Join(", ", invalid)}");
        }

        services.AddCors(cors => cors.AddPolicy(Policy, policy => policy
            .WithOrigins(options.AllowedOrigins)
            .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
            .WithHeaders("Authorization", "Content-Type")
            .WithExposedHeaders("Retry-After", "Content-Disposition", "Location")
            .SetPreflightMaxAge(options.PreflightMaxAge)));
        return services;
    }

    /// <summary>Answers preflights of allowed origins and marks their calls' answers readable; nothing when no origin is allowed.</summary>
    public static IApplicationBuilder UseGatewayCors(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<GatewayCorsOptions>().AllowedOrigins.Length == 0 ? app : app.UseCors(Policy);

    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && uri.Scheme is "https" or "http"
        && uri.AbsolutePath == "/"
        && !origin.EndsWith('/')
        && string.IsNullOrEmpty(uri.Query)
        && !origin.Contains('*', StringComparison.Ordinal);
}
