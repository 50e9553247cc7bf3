using Ideation.ServiceDefaults.Identity;

namespace Ideation.Gateway.Commands;

/// <summary>
/// `token --sub ID [--name NAME] [--roles a,b] [--hours N]`: prints a bearer token signed with the
/// configured key. For local runs and tests; production tokens come from the identity provider.
/// </summary>
public static class TokenCommand
{
    public static int Run(string[] args, IConfiguration configuration)
    {
        var options = configuration.GetSection(TokenOptions.Section).Get<TokenOptions>() ?? new TokenOptions();
        try
        {
            options.Validate();
        }
        catch (InvalidOperationException exception)
        {
            Console.Error.WriteLine($"{exception.Message} (development values: ASPNETCORE_ENVIRONMENT=Development)");
            return 2;
        }

        string? Value(string flag) => args.SkipWhile(arg => arg != flag).Skip(1).FirstOrDefault();
        var userId = Value("--sub");
        if (string.IsNullOrWhiteSpace(userId))
        {
            Console.Error.WriteLine("usage: token --sub ID [--name NAME] [--roles submitter,reviewer,admin] [--hours N]");
            return 2;
        }

        var roles = (Value("--roles") ?? Roles.Submitter).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var hours = double.Parse(Value("--hours") ?? "12", System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine(TokenIssuer.Issue(options, userId, Value("--name") ?? userId, roles, TimeSpan.FromHours(hours)));
        return 0;
    }
}
