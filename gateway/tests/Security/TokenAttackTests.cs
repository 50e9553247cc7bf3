using Grpc.Core;
using Grpc.Net.Client;
using Ideation.Gateway.Tests.EndToEnd;
using Ideation.ServiceDefaults.Identity;
using Ideation.Testing;

namespace Ideation.Gateway.Tests.Security;

/// <summary>
/// Forged, expired, malformed and oversized bearer tokens against the real gateway and services, on
/// every surface: REST through the gateway, native gRPC through the gateway, and gRPC straight to
/// each service's own port (a service trusts no caller for being inside the cluster). Every call is
/// refused as unauthenticated with a google.rpc.Status, and the data is exactly as it was.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TokenAttackTests(PlatformFixture platform)
{
    public static TheoryData<string> Attacks => AttackTokens.Cases;

    [Fact]
    public async Task A_genuine_token_built_like_the_attacks_is_accepted_on_every_surface()
    {
        // The control: what each attack changes is the only reason for its refusal.
        var victim = await Victim.CreateAsync(platform);
        var token = AttackTokens.Genuine(victim.Author.Id, Roles.Submitter);

        using var rest = platform.RestClient(token);
        var answers = await Surfaces.RestAsync(rest, victim);
        using var gateway = platform.GrpcChannel();
        using var ideas = TestChannels.ForAddress(platform.IdeasAddress);
        using var documents = TestChannels.ForAddress(platform.DocumentsAddress);
        answers.AddRange(await Surfaces.GrpcAsync("gRPC via gateway", gateway, gateway, token, victim));
        answers.AddRange(await Surfaces.GrpcAsync("gRPC direct", ideas, documents, token, victim));

        var refusedForTheToken = answers.Where(answer => answer.Code is 401 or (int)StatusCode.Unauthenticated).Select(Describe).ToList();
        Assert.True(refusedForTheToken.Count == 0, "A genuine token was refused:\n" + string.Join("\n", refusedForTheToken));
        Assert.Contains(answers, answer => answer.Call == "REST GET /v1/categories" && answer.Code == 200);
        // The calls change the victim as they go (its document is deleted by REST): check those that do not depend on it.
        Assert.Contains(answers, answer => answer.Call == "gRPC via gateway ListCategories" && answer.Code == (int)StatusCode.OK);
        Assert.Contains(answers, answer => answer.Call == "gRPC direct ListCategories" && answer.Code == (int)StatusCode.OK);
        Assert.Contains(answers, answer => answer.Call == "gRPC direct GetIdea" && answer.Code == (int)StatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task A_bad_token_is_refused_as_unauthenticated_on_every_surface_and_changes_nothing(string attack)
    {
        var victim = await Victim.CreateAsync(platform);
        var token = AttackTokens.Create(attack, victim.Author.Id);
        var before = await victim.ReadAsync(platform);

        using var rest = platform.RestClient(token);
        var answers = await Surfaces.RestAsync(rest, victim);
        using var gateway = platform.GrpcChannel();
        using var ideas = TestChannels.ForAddress(platform.IdeasAddress);
        using var documents = TestChannels.ForAddress(platform.DocumentsAddress);
        answers.AddRange(await Surfaces.GrpcAsync("gRPC via gateway", gateway, gateway, token, victim));
        answers.AddRange(await Surfaces.GrpcAsync("gRPC direct", ideas, documents, token, victim));
        answers.Add(await Surfaces.RecordCleanVerdictAsync(documents, token, victim));

        var notRefused = answers.Where(answer => !IsUnauthenticated(answer)).Select(Describe).ToList();
        Assert.True(notRefused.Count == 0, $"The {attack} token was not refused as unauthenticated by:\n" + string.Join("\n", notRefused));
        Assert.Equal(before, await victim.ReadAsync(platform));
    }

    [Fact]
    public async Task A_64_KiB_token_is_refused_before_parsing_on_every_surface_never_with_a_server_error()
    {
        var victim = await Victim.CreateAsync(platform);
        var token = AttackTokens.Oversized(victim.Author.Id, 64 * 1024);
        var before = await victim.ReadAsync(platform);

        using var rest = platform.RestClient(token);
        var answers = await Surfaces.RestAsync(rest, victim);
        using var gateway = platform.GrpcChannel();
        using var ideas = TestChannels.ForAddress(platform.IdeasAddress);
        using var documents = TestChannels.ForAddress(platform.DocumentsAddress);
        answers.AddRange(await Surfaces.GrpcAsync("gRPC via gateway", gateway, gateway, token, victim));
        answers.AddRange(await Surfaces.GrpcAsync("gRPC direct", ideas, documents, token, victim));
        answers.Add(await Surfaces.RecordCleanVerdictAsync(documents, token, victim));

        // Past the servers' 32 KiB header limit the HTTP layer refuses it before any application code:
        // HTTP/1.1 answers 431 Request Header Fields Too Large; HTTP/2 closes the connection
        // (COMPRESSION_ERROR), after which the client itself refuses to send headers over the limit the
        // server announced. Either way the request never reaches a handler, and no server error.
        var wrong = answers.Where(answer => !(IsUnauthenticated(answer) || IsHeaderTooLarge(answer))).Select(Describe).ToList();
        Assert.True(wrong.Count == 0, "A 64 KiB token was not refused with a client error by:\n" + string.Join("\n", wrong));
        Assert.Equal(before, await victim.ReadAsync(platform));
    }

    private static bool IsUnauthenticated(Surfaces.Answer answer) =>
        answer.Code == (answer.Call.StartsWith("REST", StringComparison.Ordinal) ? 401 : (int)StatusCode.Unauthenticated) && answer.Reason == "UNAUTHENTICATED";

    private static bool IsHeaderTooLarge(Surfaces.Answer answer) =>
        answer.Call.StartsWith("REST", StringComparison.Ordinal)
            ? answer.Code == 431
            : answer.Code == (int)StatusCode.Internal && answer.Reason.Length == 0
                && (answer.Text.Contains("COMPRESSION_ERROR", StringComparison.Ordinal) || answer.Text.Contains("exceeded the server limit", StringComparison.Ordinal));

    private static string Describe(Surfaces.Answer answer) => $"  {answer.Call}: {answer.Code} {answer.Reason} {answer.Text[..Math.Min(answer.Text.Length, 200)]}";
}
