using Ideation.Testing;
using Grpc.Core;
using Ideation.Documents.Domain;
using Ideation.Documents.Tests.Functional;
using Ideation.ServiceDefaults.Identity;
using Proto = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Documents.Tests.Pipeline;

/// <summary>No user, not even an admin, can claim scans or mark a document clean: only the scanner's identity.</summary>
public sealed class ScanVerdictAuthorizationTests(PipelineFixture service) : IClassFixture<PipelineFixture>
{
    public static TheoryData<string> UserRoles => [Roles.Submitter, Roles.Reviewer, Roles.Admin];

    [Theory]
    [MemberData(nameof(UserRoles))]
    public async Task A_user_token_is_refused_and_changes_nothing(string role)
    {
        var document = await service.StoredDocumentAsync();
        var user = service.Verdicts(TestUser.WithRoles("user", role));

        var claim = await Assert.ThrowsAsync<RpcException>(() => user.StartScanAsync(document.Claim("scanner-a")).ResponseAsync);
        var verdict = await Assert.ThrowsAsync<RpcException>(() => user.RecordVerdictAsync(document.Verdict(Proto.Clean)).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, claim.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, verdict.StatusCode);
        var stored = await service.ReadAsync(document.Id);
        Assert.Equal(ScanState.Pending, stored.ScanState);
        Assert.Equal(0, stored.ScanAttempts);
    }

    [Fact]
    public async Task Without_a_token_the_call_is_unauthenticated()
    {
        var document = await service.StoredDocumentAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => service.Verdicts(null).RecordVerdictAsync(document.Verdict(Proto.Clean)).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task The_scanner_identity_may_claim_and_record()
    {
        var document = await service.StoredDocumentAsync();
        var scanner = service.Verdicts(TestUser.WithRoles("scanner", Roles.Scanner));

        await scanner.StartScanAsync(document.Claim("scanner-a"));
        var answer = await scanner.RecordVerdictAsync(document.Verdict(Proto.Clean));

        Assert.Equal(Proto.Clean, answer.ScanState);
    }
}
