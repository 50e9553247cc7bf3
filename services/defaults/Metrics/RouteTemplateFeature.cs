namespace Ideation.ServiceDefaults.Metrics;

/// <summary>
/// Lets a handler that matches routes itself (the gateway's REST transcoder) name the template a
/// request matched, so that metrics label it by template, never by raw path.
/// </summary>
public sealed class RouteTemplateFeature(string template)
{
    public string Template { get; } = template;
}
