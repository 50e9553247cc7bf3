using Google.Rpc;
using Grpc.Core;
using Ideation.ServiceDefaults.Errors;

namespace Ideation.Ideas.Tests.Unit;

/// <summary>Errors quote client input; whatever its size, a status stays small enough for the response's trailers.</summary>
public sealed class RpcErrorsTests
{
    [Fact]
    public void A_long_message_and_long_violations_are_shortened_keeping_their_start()
    {
        var violations = new FieldViolations();
        violations.Add(new string('f', 5_000), "Category '" + new string('c', 100_000) + "' does not exist.");

        var status = violations.ToException().GetRpcStatus()!;

        var violation = Assert.Single(status.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal(new string('f', RpcErrors.MaxTextLength) + "… (shortened)", violation.Field);
        Assert.StartsWith("Category 'ccc", violation.Description, StringComparison.Ordinal);
        Assert.EndsWith("… (shortened)", violation.Description, StringComparison.Ordinal);
        Assert.Equal(RpcErrors.MaxTextLength + "… (shortened)".Length, violation.Description.Length);
        Assert.StartsWith("The request has invalid fields: fff", status.Message, StringComparison.Ordinal);
        Assert.Equal(RpcErrors.MaxTextLength + "… (shortened)".Length, status.Message.Length);
    }

    [Fact]
    public void Text_within_the_limit_is_kept_as_it_is()
    {
        var description = new string('d', RpcErrors.MaxTextLength);

        var status = RpcErrors.InvalidArgument("field", description).GetRpcStatus()!;

        Assert.Equal(description, status.Message);
        Assert.Equal(description, Assert.Single(status.GetDetail<BadRequest>()!.FieldViolations).Description);
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        // The pair's first half sits exactly at the last kept position.
        var text = new string('a', RpcErrors.MaxTextLength - 1) + "\U0001F6B2" + new string('b', 10);

        var message = RpcErrors.FailedPrecondition("REASON", text).Status.Detail;

        Assert.Equal(new string('a', RpcErrors.MaxTextLength - 1) + "… (shortened)", message);
    }
}
