using Ideation.Gateway;
using Ideation.Gateway.Commands;

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
