using System.Net;
using System.Text.Json.Nodes;
using Ideation.Gateway.Tests.EndToEnd;
using Ideation.ServiceDefaults.Identity;
using Ideation.Testing;

namespace Ideation.Gateway.Tests.Security;

/// <summary>
/// The gateway remembers the tokens it found valid (ValidatedTokenCache) and never the ones it
/// refused: a remembered token stops working when its lifetime and the clock skew are over, and a
/// token refused as not yet valid works once its time comes.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TokenLifetimeTests(PlatformFixture platform)
{
    /// <summary>How long each token's state lasts after it is minted: long enough for a first call on a loaded machine.</summary>
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(40);

    private static readonly TimeSpan Skew = TestIdentity.Options.ClockSkew;

    [Fact]
    public async Task A_remembered_token_stops_at_its_expiry_and_a_refused_one_starts_at_its_not_before_time()
    {
        var user = TestUser.Submitter("lifetime");
        using (var warm = platform.RestClient(user.Token))
        {
            // The first calls of a process are slow; the windows below are for the tokens alone.
            Assert.Equal(HttpStatusCode.OK, (await warm.GetAsync("/v1/categories")).StatusCode);
        }

        var now = DateTime.UtcNow;
        // Expired already, but within the clock skew: valid for one more window.
        var expiring = TokenIssuer.Issue(TestIdentity.Options, user.Id, "User", [Roles.Submitter], TimeSpan.FromMinutes(1), now + Window - Skew - TimeSpan.FromMinutes(1));
        // Valid from one window on (its not-before time minus the clock skew).
        var early = TokenIssuer.Issue(TestIdentity.Options, user.Id, "User", [Roles.Submitter], TimeSpan.FromHours(1), now + Window + Skew);
        using var expiringClient = platform.RestClient(expiring);
        using var earlyClient = platform.RestClient(early);

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(expiringClient));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(expiringClient));
        await AssertUnauthenticatedAsync(earlyClient);
        await AssertUnauthenticatedAsync(earlyClient);

        await Task.WhenAll(
            UntilAsync(expiringClient, HttpStatusCode.Unauthorized, "the remembered token is refused after its expiry"),
            UntilAsync(earlyClient, HttpStatusCode.OK, "the token refused before its not-before time is accepted"));
        await AssertUnauthenticatedAsync(expiringClient);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/v1/categories");
        return response.StatusCode;
    }

    private static async Task AssertUnauthenticatedAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/v1/categories");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"Expected 401, got {(int)response.StatusCode}: {text}");
        Assert.Equal(16, JsonNode.Parse(text)!["code"]!.GetValue<int>());
    }

    /// <summary>Polls until the answer is <paramref name="expected"/>; anything but 200 or 401 meanwhile fails at once.</summary>
    private static async Task UntilAsync(HttpClient client, HttpStatusCode expected, string what)
    {
        var deadline = DateTime.UtcNow + Window + TimeSpan.FromMinutes(2);
        while (true)
        {
            var status = await StatusAsync(client);
            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Unauthorized, $"Unexpected {(int)status} while waiting until {what}.");
            if (status == expected)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(500);
        }
    }
}
