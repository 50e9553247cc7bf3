using Grpc.Core;
using Ideation.Documents.Metrics;
using Ideation.ServiceDefaults.Errors;

namespace Ideation.Documents.Tests.Unit;

/// <summary>Every way an upload ends maps to one of the few fixed results of documents_uploads_total.</summary>
public sealed class UploadMetricsTests
{
    public static TheoryData<Exception, string> Refusals() => new()
    {
        { RpcErrors.ResourceExhausted("UPLOAD_TOO_LARGE", "too large"), "too_large" },
        { RpcErrors.InvalidArgument("CONTENT_TYPE_NOT_ALLOWED", "an executable", []), "type_not_allowed" },
        { RpcErrors.FailedPrecondition("TOO_MANY_DOCUMENTS", "full"), "too_many_documents" },
        { RpcErrors.FailedPrecondition("IDEA_NOT_OPEN_FOR_CHANGES", "in review"), "idea_closed" },
        { RpcErrors.InvalidArgument("chunk.data", "The file is empty"), "invalid" },
        { RpcErrors.NotFound("Idea", "ideas/x"), "denied" },
        { RpcErrors.PermissionDenied("AUTHOR_ONLY", "not yours"), "denied" },
        { RpcErrors.Unavailable("STORAGE_UNAVAILABLE", "storage down"), "unavailable" },
        { RpcErrors.Unavailable("IDEAS_UNAVAILABLE", "ideas down"), "unavailable" },
        { new RpcException(new Status(StatusCode.Cancelled, "gone")), "cancelled" },
        { new OperationCanceledException(), "cancelled" },
        { new IOException("the stream broke"), "cancelled" },
        { new InvalidOperationException("a bug"), "failed" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Each_refusal_has_its_result(Exception exception, string result) =>
        Assert.Equal(result, UploadMetrics.ResultOf(exception, callCancelled: false));

    [Fact]
    public void Any_failure_of_a_call_the_client_cancelled_counts_as_cancelled() =>
        Assert.Equal("cancelled", UploadMetrics.ResultOf(new InvalidOperationException("disposed"), callCancelled: true));
}
