using Ideation.Gateway;
using Ideation.Gateway.Commands;

// YARP copies every request and response body through a 64 KiB buffer from the shared ArrayPool,
// which keeps only 32 buffers of a size per core: on a one-core pod with a few hundred calls in
// flight most buffers missed the pool and were allocated anew (40% of the bytes the gateway
// allocated per call). Read once, on the pool's first use, so set before anything rents; a value
// in the environment wins.
const string PoolSizeVariable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";
if (Environment.GetEnvironmentVariable(PoolSizeVariable) is null)
{
    Environment.SetEnvironmentVariable(PoolSizeVariable, "512");
}

if (args is ["token", ..])
{
    var configuration = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, $"appsettings.{Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production"}.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();
    return TokenCommand.Run(args[1..], configuration);
}

GatewayHost.Create(args).Run();
return 0;
