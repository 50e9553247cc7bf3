using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Ideation.Contracts.Scanner.V1;
using Ideation.ServiceDefaults.Identity;
using Ideation.Testing;

namespace Ideation.Scanner.Tests;

/// <summary>
/// The scanner's own port validates every token itself, like the other services: forged, expired
/// and malformed tokens are UNAUTHENTICATED, and user tokens, even an admin's forged into the
/// scanner role, cannot scan. Every refusal carries a google.rpc.Status with its reason.
/// </summary>
public sealed class TokenAttackTests(ScannerFixture scanner) : IClassFixture<ScannerFixture>
{
    public static TheoryData<string> Attacks => AttackTokens.Cases;

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task A_bad_token_is_unauthenticated_on_both_methods(string attack)
    {
        var token = AttackTokens.Create(attack, "documents-service");

        foreach (var error in await BothMethodsAsync(token))
        {
            Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
            Assert.Equal("UNAUTHENTICATED", Reason(error));
        }
    }

    [Fact]
    public async Task A_genuine_user_token_is_permission_denied_and_a_scanner_one_is_served()
    {
        var client = scanner.Client(out var channel);
        using var _ = channel;

        foreach (var error in await BothMethodsAsync(AttackTokens.Genuine("mallory", Roles.Submitter, Roles.Reviewer)))
        {
            Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
            Assert.Equal("ROLE_REQUIRED", Reason(error));
        }

        // The control: the same builder's token with the scanner role is served.
        var info = await client.GetEngineInfoAsync(new GetEngineInfoRequest(), Bearer(AttackTokens.Genuine("documents-service", Roles.Scanner)));
        Assert.False(string.IsNullOrEmpty(info.EngineVersion));
    }

    private async Task<RpcException[]> BothMethodsAsync(string token)
    {
        var client = scanner.Client(out var channel);
        using var _ = channel;
        var engine = await Assert.ThrowsAsync<RpcException>(() => client.GetEngineInfoAsync(new GetEngineInfoRequest(), Bearer(token)).ResponseAsync);
        var scan = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = client.ScanStream(Bearer(token));
            try
            {
                await call.RequestStream.WriteAsync(new ScanStreamRequest { Chunk = ByteString.CopyFromUtf8("minutes") });
                await call.RequestStream.CompleteAsync();
            }
            catch (Exception exception) when (exception is RpcException or InvalidOperationException or IOException)
            {
                // Refused before the end of the stream: the response says why.
            }

            await call.ResponseAsync;
        });
        return [engine, scan];
    }

    private static string? Reason(RpcException error) =>
        error.GetRpcStatus()?.Details.Select(detail => detail.TryUnpack<ErrorInfo>(out var info) ? info.Reason : null).FirstOrDefault(reason => reason is not null);

    private static Metadata Bearer(string token) => new() { { "authorization", $"Bearer {token}" } };
}
