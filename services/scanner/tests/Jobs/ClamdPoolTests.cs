using Ideation.Scanner.Clamd;
using Ideation.Testing;

namespace Ideation.Scanner.Tests.Jobs;

/// <summary>The pool over real clamd daemons: turns among those that answer, passes over those that do not.</summary>
public sealed class ClamdPoolTests
{
    [Fact]
    public async Task Scans_take_turns_among_daemons_that_answer_and_skip_one_that_does_not()
    {
        await using var second = await LocalServer.StartClamdAsync();
        await using var dead = await LocalServer.StartClamdAsync();
        dead.Kill();
        var pool = new ClamdPool(new ClamdOptions { Endpoints = [SharedServers.Clamd, dead.Endpoint, second.Endpoint] });

        var picks = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            picks.Add((await pool.PickAsync(CancellationToken.None))!.Endpoint);
        }

        Assert.DoesNotContain(dead.Endpoint, picks);
        Assert.Equal(3, picks.Count(endpoint => endpoint == SharedServers.Clamd));
        Assert.Equal(3, picks.Count(endpoint => endpoint == second.Endpoint));
        Assert.True(await pool.AnswersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task With_every_daemon_down_there_is_no_pick_and_no_answer()
    {
        await using var dead = await LocalServer.StartClamdAsync();
        dead.Kill();
        var pool = new ClamdPool(new ClamdOptions { Endpoints = [dead.Endpoint] });

        Assert.Null(await pool.PickAsync(CancellationToken.None));
        Assert.False(await pool.AnswersAsync(CancellationToken.None));
    }

    [Fact]
    public void Host_and_port_still_name_a_single_daemon_and_bad_endpoints_are_refused()
    {
        var single = Assert.Single(new ClamdOptions { Host = "clamd.internal", Port = 3311 }.PerEndpoint());

        Assert.Equal(("clamd.internal", 3311), (single.Host, single.Port));
        Assert.Throws<InvalidOperationException>(() => new ClamdOptions { Endpoints = ["no-port"] }.PerEndpoint());
    }
}
