using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ideation.EndToEnd.Tests.Faults;

/// <summary>What the ledger check found once the faults were cleared.</summary>
public sealed record LedgerFindings(IReadOnlyList<string> LostWrites, IReadOnlyList<string> WrongVerdicts, IReadOnlyList<string> ReadableBeforeClean)
{
    public override string ToString() =>
        $"{LostWrites.Count} acknowledged writes lost, {WrongVerdicts.Count} uploads without their right verdict, " +
        $"{ReadableBeforeClean.Count} documents readable before CLEAN" +
        string.Concat(LostWrites.Concat(WrongVerdicts).Concat(ReadableBeforeClean).Take(20).Select(line => "\n  " + line));
}

/// <summary>
/// Reads back, through the gateway, everything the ledger says was acknowledged: each idea with at
/// least its acknowledged revision and workflow state, each upload with the verdict its content
/// deserves. Run after the faults are cleared; a read that fails is retried until a generous deadline
/// (the platform may still be catching up), a wrong answer is not.
/// </summary>
public static partial class LedgerCheck
{
    public static async Task<LedgerFindings> RunAsync(Platform platform, LoadLedger ledger, string submitterToken, TimeSpan? verdictTimeout = null)
    {
        using var client = platform.RestClient(submitterToken);
        var lost = new List<string>();
        foreach (var idea in ledger.Ideas)
        {
            var read = await ReadAsync(client, $"/v1/{idea.Name}", TimeSpan.FromSeconds(60));
            if (read is not { } current)
            {
                lost.Add($"{idea.Name}: acknowledged, now not found");
                continue;
            }

            var revision = int.Parse(RevisionPattern().Match(current.GetProperty("description").GetString()!).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var state = current.GetProperty("state").GetString()!;
            if (current.GetProperty("title").GetString() != idea.Title || revision < idea.Revision || LoadLedger.StateRanks[state] < idea.StateRank)
            {
                lost.Add($"{idea.Name}: acknowledged revision {idea.Revision} and state rank {idea.StateRank}, now revision {revision} in {state}");
            }
        }

        var wrong = new List<string>();
        var deadline = DateTime.UtcNow + (verdictTimeout ?? TimeSpan.FromMinutes(3));
        foreach (var upload in ledger.Uploads)
        {
            var state = await VerdictAsync(client, upload.Name, deadline);
            if (state is null)
            {
                lost.Add($"{upload.Name}: acknowledged upload, now not found");
            }
            else if (state != upload.ExpectedState)
            {
                wrong.Add($"{upload.Name}: {state}, expected {upload.ExpectedState}");
            }
        }

        return new LedgerFindings(lost, wrong, ledger.ReadableBeforeClean.ToList());
    }

    /// <summary>The document's final state, its last state at the deadline, or null when it does not exist.</summary>
    private static async Task<string?> VerdictAsync(HttpClient client, string document, DateTime deadline)
    {
        while (true)
        {
            var read = await ReadAsync(client, $"/v1/{document}", deadline - DateTime.UtcNow);
            var state = read?.GetProperty("scanState").GetString();
            if (state is null || DocumentsClient.FinalStates.Contains(state) || DateTime.UtcNow > deadline)
            {
                return state;
            }

            await Task.Delay(250);
        }
    }

    /// <summary>The resource, null on NOT_FOUND; retries any other failure until the time is up, then fails.</summary>
    private static async Task<JsonElement?> ReadAsync(HttpClient client, string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + (timeout > TimeSpan.Zero ? timeout : TimeSpan.FromSeconds(10));
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return await response.Content.ReadFromJsonAsync<JsonElement>();
                }

                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException exception)
            {
                last = exception.Message;
            }

            await Task.Delay(250);
        }

        throw new Xunit.Sdk.XunitException($"GET {path} kept failing after the faults were cleared: {last}");
    }

    [GeneratedRegex(@"revision (\d+)")]
    private static partial Regex RevisionPattern();
}
