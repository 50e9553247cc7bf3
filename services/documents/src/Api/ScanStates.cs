using Ideation.Documents.Domain;
using Proto = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Documents.Api;

/// <summary>Scan states between the stored model and the contract, both ways (verdicts arrive as contract values).</summary>
public static class ScanStates
{
    public static Proto ToProto(this ScanState state) => state switch
    {
        ScanState.Pending => Proto.Pending,
        ScanState.Scanning => Proto.Scanning,
        ScanState.Clean => Proto.Clean,
        ScanState.Infected => Proto.Infected,
        ScanState.Unscannable => Proto.Unscannable,
        ScanState.Failed => Proto.Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown scan state."),
    };

    /// <summary>The stored state for a contract value, or null for SCAN_STATE_UNSPECIFIED and unknown numbers.</summary>
    public static ScanState? FromProto(Proto state) => state switch
    {
        Proto.Pending => ScanState.Pending,
        Proto.Scanning => ScanState.Scanning,
        Proto.Clean => ScanState.Clean,
        Proto.Infected => ScanState.Infected,
        Proto.Unscannable => ScanState.Unscannable,
        Proto.Failed => ScanState.Failed,
        _ => null,
    };

    /// <summary>The contract's name of a state, for messages: SCAN_STATE_PENDING.</summary>
    public static string ContractName(this ScanState state) =>
        Contracts.Documents.V1.Document.Descriptor.EnumTypes.Single(type => type.Name == "ScanState")
            .FindValueByNumber((int)state.ToProto()).Name;
}
