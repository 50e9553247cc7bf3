using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Ideation.Gateway.Transcoding;

namespace Ideation.Gateway.Tests.Transcoding;

public sealed class GrpcStatusMappingTests
{
    [Theory]
    [InlineData(StatusCode.OK, 200)]
    [InlineData(StatusCode.Cancelled, 408)]
    [InlineData(StatusCode.Unknown, 500)]
    [InlineData(StatusCode.InvalidArgument, 400)]
    [InlineData(StatusCode.DeadlineExceeded, 504)]
    [InlineData(StatusCode.NotFound, 404)]
    [InlineData(StatusCode.AlreadyExists, 409)]
    [InlineData(StatusCode.PermissionDenied, 403)]
    [InlineData(StatusCode.ResourceExhausted, 429)]
    [InlineData(StatusCode.FailedPrecondition, 400)]
    [InlineData(StatusCode.Aborted, 409)]
    [InlineData(StatusCode.OutOfRange, 400)]
    [InlineData(StatusCode.Unimplemented, 501)]
    [InlineData(StatusCode.Internal, 500)]
    [InlineData(StatusCode.Unavailable, 503)]
    [InlineData(StatusCode.DataLoss, 500)]
    [InlineData(StatusCode.Unauthenticated, 401)]
    [InlineData((StatusCode)42, 500)]
    public void Maps_codes_as_aspnetcore_json_transcoding_does(StatusCode code, int httpStatus) =>
        Assert.Equal(httpStatus, GrpcStatusMapping.ToHttpStatus(code));

    [Theory]
    [InlineData(StatusCode.ResourceExhausted, "UPLOAD_TOO_LARGE", 413)]
    [InlineData(StatusCode.ResourceExhausted, "REQUEST_TOO_LARGE", 413)]
    [InlineData(StatusCode.ResourceExhausted, "QUOTA_EXCEEDED", 429)]
    [InlineData(StatusCode.ResourceExhausted, null, 429)]
    [InlineData(StatusCode.InvalidArgument, "UPLOAD_TOO_LARGE", 400)]
    public void Maps_a_body_too_large_to_413_and_other_statuses_by_code(StatusCode code, string? reason, int httpStatus)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = "m" };
        status.Details.Add(Any.Pack(new BadRequest()));
        if (reason is not null)
        {
            status.Details.Add(Any.Pack(new ErrorInfo { Reason = reason, Domain = "documents.ideation.example.com" }));
        }

        Assert.Equal(httpStatus, GrpcStatusMapping.ToHttpStatus(status));
    }

    [Fact]
    public void Reads_the_rich_status_from_the_details_trailer()
    {
        var rich = new Google.Rpc.Status { Code = 5, Message = "rich" };
        rich.Details.Add(Any.Pack(new ErrorInfo { Reason = "GONE" }));

        Assert.Equal(rich, GrpcStatusMapping.ToStatus(rich.ToRpcException()));
    }

    [Fact]
    public void Builds_the_status_from_code_and_message_without_a_usable_trailer()
    {
        var plain = new RpcException(new Grpc.Core.Status(StatusCode.Aborted, "plain"));
        var corrupt = new RpcException(new Grpc.Core.Status(StatusCode.Aborted, "plain"), new Metadata { { "grpc-status-details-bin", new byte[] { 0xff } } });

        var expected = new Google.Rpc.Status { Code = 10, Message = "plain" };
        Assert.Equal(expected, GrpcStatusMapping.ToStatus(plain));
        Assert.Equal(expected, GrpcStatusMapping.ToStatus(corrupt));
    }
}
