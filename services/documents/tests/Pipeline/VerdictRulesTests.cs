using Ideation.Documents.Domain;
using Ideation.Documents.Pipeline;
using Proto = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Documents.Tests.Pipeline;

/// <summary>The verdict rules on their own: what counts as a verdict and what is recorded for it.</summary>
public sealed class VerdictRulesTests
{
    [Theory]
    [InlineData(Proto.Clean, ScanState.Clean)]
    [InlineData(Proto.Infected, ScanState.Infected)]
    [InlineData(Proto.Unscannable, ScanState.Unscannable)]
    [InlineData(Proto.Failed, ScanState.Failed)]
    public void The_four_outcomes_of_a_scan_are_verdicts(Proto verdict, ScanState recorded) =>
        Assert.Equal(recorded, Verdicts.Accept(verdict));

    [Theory]
    [InlineData(Proto.Unspecified)]
    [InlineData(Proto.Pending)]
    [InlineData(Proto.Scanning)]
    [InlineData((Proto)42)]
    public void Other_states_are_not(Proto verdict) => Assert.Null(Verdicts.Accept(verdict));

    [Theory]
    [InlineData(99)]
    [InlineData(101)]
    [InlineData(0)]
    public void Clean_over_other_than_every_byte_is_unscannable(long scannedBytes) =>
        Assert.Equal((ScanState.Unscannable, $"the scan covered {scannedBytes} of 100 bytes"), Verdicts.Effective(ScanState.Clean, "", scannedBytes, 100));

    [Fact]
    public void Clean_over_every_byte_is_clean_without_detail() =>
        Assert.Equal((ScanState.Clean, (string?)null), Verdicts.Effective(ScanState.Clean, "ignored", 100, 100));

    [Fact]
    public void Other_verdicts_keep_their_detail_whatever_was_read() =>
        Assert.Equal((ScanState.Infected, "Eicar-Signature.UNOFFICIAL"), Verdicts.Effective(ScanState.Infected, "Eicar-Signature.UNOFFICIAL", 68, 100));

    [Fact]
    public void Only_the_current_generation_without_a_verdict_is_owed_one()
    {
        var document = new Persistence.DocumentRecord { ScanGeneration = 2, VerdictGeneration = 1 };
        Assert.True(Verdicts.IsOwed(document, 2));
        Assert.False(Verdicts.IsOwed(document, 1));
        Assert.False(Verdicts.IsOwed(document, 3));

        document.VerdictGeneration = 2;
        Assert.False(Verdicts.IsOwed(document, 2));
    }
}
