using Microsoft.Extensions.Options;

namespace Ideation.Documents.Pipeline;

/// <summary>Refuses to start with pipeline settings that would stall scans or spin the loops.</summary>
internal sealed class PipelineOptionsValidator :
    IValidateOptions<ScanOptions>, IValidateOptions<QuarantineOptions>, IValidateOptions<CleanupOptions>, IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, ScanOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Stream))
        {
            failures.Add($"{ScanOptions.Section}:Stream must name the Redis stream the scanners read.");
        }

        if (options.StreamMaxLength < 1)
        {
            failures.Add($"{ScanOptions.Section}:StreamMaxLength must be at least 1 (far above the largest backlog); it is {options.StreamMaxLength}.");
        }

        if (options.MaxClaims < 1)
        {
            failures.Add($"{ScanOptions.Section}:MaxClaims must be at least 1; it is {options.MaxClaims}.");
        }

        if (options.MaxDeferrals < 1)
        {
            failures.Add($"{ScanOptions.Section}:MaxDeferrals must be at least 1; it is {options.MaxDeferrals}.");
        }

        RequirePositive(failures, $"{ScanOptions.Section}:Lease", options.Lease, "longer than the longest scan");
        RequirePositive(failures, $"{ScanOptions.Section}:RelayPollInterval", options.RelayPollInterval, "");
        RequirePositive(failures, $"{ScanOptions.Section}:ReconcileInterval", options.ReconcileInterval, "");
        RequirePositive(failures, $"{ScanOptions.Section}:RequeueAfter", options.RequeueAfter, "longer than a healthy queue takes to reach a job");
        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, QuarantineOptions options)
    {
        var failures = new List<string>();
        RequirePositive(failures, $"{QuarantineOptions.Section}:Retention", options.Retention, "long enough for an admin to judge a detection");
        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, CleanupOptions options)
    {
        var failures = new List<string>();
        RequirePositive(failures, $"{CleanupOptions.Section}:Interval", options.Interval, "");
        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, RedisOptions options) =>
        string.IsNullOrWhiteSpace(options.Configuration)
            ? ValidateOptionsResult.Fail($"{RedisOptions.Section}:Configuration must be set, for example 'redis:6379'.")
            : ValidateOptionsResult.Success;

    private static void RequirePositive(List<string> failures, string setting, TimeSpan value, string hint)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{setting} must be above zero{(hint.Length > 0 ? $" ({hint})" : "")}; it is {value}.");
        }
    }

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
