using Ideation.Documents.Domain;
using Ideation.Documents.Persistence;

namespace Ideation.Documents.Pipeline;

/// <summary>Stored scan-state words for the pipeline's SQL, taken from the one mapping the model uses.</summary>
internal static class ScanStateWords
{
    public static readonly string Pending = Word(ScanState.Pending);
    public static readonly string Scanning = Word(ScanState.Scanning);
    public static readonly string Infected = Word(ScanState.Infected);

    private static string Word(ScanState state) => (string)EnumColumns.ScanState.ConvertToProvider(state)!;
}
