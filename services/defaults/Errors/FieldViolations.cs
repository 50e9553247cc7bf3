using Google.Rpc;
using Grpc.Core;

namespace Ideation.ServiceDefaults.Errors;

/// <summary>
/// Collects every invalid field of a request so that one INVALID_ARGUMENT answer names them all,
/// instead of making the client fix and resend one field at a time.
/// </summary>
public sealed class FieldViolations
{
    private readonly List<BadRequest.Types.FieldViolation> violations = [];

    public IReadOnlyList<BadRequest.Types.FieldViolation> All => violations;

    public bool IsEmpty => violations.Count == 0;

    public void Add(string field, string description) =>
        violations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });

    public RpcException ToException() =>
        RpcErrors.InvalidArgument(
            "The request has invalid fields: " + string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")),
            violations);

    /// <summary>Throws INVALID_ARGUMENT naming every collected field, if any.</summary>
    public void ThrowIfAny()
    {
        if (!IsEmpty)
        {
            throw ToException();
        }
    }
}
