using System.Net;
using Ideation.Bench.RawNpgsql;
using Ideation.Persistence;
using Ideation.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Npgsql;

// Usage: Ideation.Bench.RawNpgsql --Port=N --ConnectionStrings:Ideas=... --Auth:Issuer=... --Auth:Audience=... --Auth:SigningKey=...
// Serves IdeaService.GetIdea over h2c on 127.0.0.1:Port, with nothing else in the pipeline but authentication.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var port = builder.Configuration.GetValue<int>("Port");
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));

var connectionString = builder.Configuration.GetConnectionString("Ideas")
    ?? throw new InvalidOperationException("ConnectionStrings:Ideas is required.");
// The service's pool settings (pool size, automatic preparation, no reset on close): the same database work per call.
builder.Services.AddSingleton(NpgsqlDataSource.Create(PostgresConnections.WithServiceDefaults(connectionString)));
builder.Services.AddBearerTokens(builder.Configuration);
builder.Services.AddGrpc();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapGrpcService<RawIdeaService>();
app.Run();
