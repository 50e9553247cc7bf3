using Ideation.Gateway.Hosting;
using Microsoft.Net.Http.Headers;

namespace Ideation.Gateway.Browser;

/// <summary>
/// Headers that keep a browser from misusing what the gateway serves, on every response of the public
/// ports (HSTS comes from ASP.NET Core's own middleware, on HTTPS only). Everything the gateway serves is
/// data (JSON, files, the OpenAPI document), never a page: the policy lets it load nothing, run
/// nothing and be framed by nothing. Native gRPC responses are not for browsers and go without them.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>Nothing may be loaded, run or framed: the right policy for JSON, files and the OpenAPI document alike.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, int managementPort) =>
        app.Use((context, next) =>
        {
            if (context.Connection.LocalPort != managementPort && !context.Request.IsGrpc())
            {
                var headers = context.Response.Headers;
                // Set before the response starts, so that they survive any later Clear() of a refusal.
                context.Response.OnStarting(() =>
                {
                    headers[HeaderNames.XContentTypeOptions] = "nosniff";
                    headers[HeaderNames.XFrameOptions] = "DENY";
                    headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
                    headers["Referrer-Policy"] = "no-referrer";
                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
}
