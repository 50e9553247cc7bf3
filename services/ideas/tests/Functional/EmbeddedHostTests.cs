using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Ideation.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Ideation.Ideas.Tests.Functional;

/// <summary>
/// The service hosted the way the gateway's tests host it: AddIdeasApplication and MapIdeasApplication
/// in a host of their own, with in-process JSON transcoding, and no appsettings.json of the service.
/// </summary>
public sealed class EmbeddedHostTests(IdeasServiceFixture service) : IClassFixture<IdeasServiceFixture>
{
    [Fact]
    public async Task The_service_runs_inside_another_host_with_json_transcoding()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateBuilder(
        [
            "--environment=Production",
            "--Logging:LogLevel:Default=Warning",
            $"--ConnectionStrings:Ideas={service.ConnectionString}",
            $"--Ideas:Events:Redis={SharedServers.Redis}",
            $"--Ideas:Events:Stream={service.EventsStream}",
            .. TestIdentity.Configuration.Select(pair => $"--{pair.Key}={pair.Value}"),
        ]);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1));
        // google.rpc details ride in error bodies: the transcoder must know their types to print them.
        builder.Services.AddGrpc().AddJsonTranscoding(options =>
            options.TypeRegistry = TypeRegistry.FromMessages(ErrorInfo.Descriptor, BadRequest.Descriptor, ResourceInfo.Descriptor));
        // Before the application: its gRPC defaults replace grpc-dotnet's method provider, which a later AddGrpc() would add again.
        builder.AddIdeasApplication();
        await using var app = builder.Build();
        app.MapIdeasApplication();
        await app.StartAsync();

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestUser.Submitter().Token);

        var categories = JsonNode.Parse(await client.GetStringAsync("/v1/categories"))!["categories"]!.AsArray();
        Assert.Equal(7, categories.Count);

        var created = await client.PostAsync("/v1/ideas?requestId=embedded", Json("""{"title":"Quiet room","category":"workplace","tags":["Focus","focus"]}"""));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var idea = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var name = idea["name"]!.GetValue<string>();
        Assert.Equal("STATE_DRAFT", idea["state"]!.GetValue<string>());
        Assert.Equal(["focus"], idea["tags"]!.AsArray().Select(tag => tag!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/{name}")).StatusCode);

        var invalid = await client.PostAsync("/v1/ideas", Json("""{"title":" ","category":"nope"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("idea.category", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestUser.Reviewer().Token);
        var hidden = await client.GetAsync($"/v1/{name}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(5, JsonNode.Parse(await hidden.Content.ReadAsStringAsync())!["code"]!.GetValue<int>());

        await app.StopAsync();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
