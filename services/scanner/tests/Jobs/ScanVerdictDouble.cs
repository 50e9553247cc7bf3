using System.Diagnostics;
using System.Net;
using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.ServiceDefaults.Identity;
using Ideation.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ideation.Scanner.Tests.Jobs;

/// <summary>
/// ScanVerdictService over a <see cref="ScanLedger"/>, on real Kestrel (h2c) with the platform's token
/// validation: the scanner reaches it through a real channel with its own minted token, as it would reach documents.
/// </summary>
[Authorize(Roles = Roles.Scanner)]
public sealed class ScanVerdictDouble(ScanLedger ledger) : ScanVerdictService.ScanVerdictServiceBase
{
    public override Task<ScanAssignment> StartScan(StartScanRequest request, ServerCallContext context)
    {
        ledger.NoteTrace(request.Document, Activity.Current);
        return ledger.StartScanAsync(request, Caller.From(context.GetHttpContext().User).UserId, context.CancellationToken);
    }

    public override Task<Document> RecordVerdict(RecordVerdictRequest request, ServerCallContext context)
    {
        ledger.NoteTrace(request.Document, Activity.Current);
        return Task.FromResult(ledger.RecordVerdict(request));
    }

    public override Task<ScanDeferral> DeferScan(DeferScanRequest request, ServerCallContext context) =>
        Task.FromResult(ledger.DeferScan(request));

    /// <summary>Serves <paramref name="ledger"/> on <paramref name="port"/> until disposed.</summary>
    public static async Task<WebApplication> StartAsync(ScanLedger ledger, int port)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(TestIdentity.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(ledger);
        builder.Services.AddBearerTokens(builder.Configuration);
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGrpcService<ScanVerdictDouble>();
        await app.StartAsync();
        return app;
    }
}
