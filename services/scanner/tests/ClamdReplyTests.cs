using Ideation.Scanner.Clamd;

namespace Ideation.Scanner.Tests;

public sealed class ClamdReplyTests
{
    [Theory]
    [InlineData("stream: OK", ScanOutcome.Clean, "")]
    [InlineData("stream: Eicar-Signature.UNOFFICIAL FOUND", ScanOutcome.Infected, "Eicar-Signature.UNOFFICIAL")]
    [InlineData("stream: Win.Test.EICAR_HDB-1 FOUND\0", ScanOutcome.Infected, "Win.Test.EICAR_HDB-1")]
    [InlineData("stream: Heuristics.Limits.Exceeded.MaxFileSize FOUND", ScanOutcome.Unscannable, "Heuristics.Limits.Exceeded.MaxFileSize")]
    [InlineData("stream: Heuristics.Encrypted.Zip FOUND", ScanOutcome.Unscannable, "Heuristics.Encrypted.Zip")]
    [InlineData("INSTREAM size limit exceeded. ERROR", ScanOutcome.Unscannable, "StreamMaxLength exceeded")]
    public void Scan_replies_map_to_verdicts(string reply, ScanOutcome outcome, string detail)
    {
        var verdict = ClamdReply.ParseScan(reply);

        Assert.Equal(outcome, verdict.Outcome);
        Assert.Equal(detail, verdict.Detail);
    }

    [Theory]
    [InlineData("stream: Can't allocate memory ERROR")]
    [InlineData("UNKNOWN COMMAND")]
    [InlineData("")]
    public void Errors_and_unknown_replies_are_never_a_verdict(string reply) =>
        Assert.Throws<ClamdException>(() => ClamdReply.ParseScan(reply));

    [Fact]
    public void Version_with_official_signatures_carries_their_version_and_date()
    {
        var version = ClamdReply.ParseVersion("ClamAV 1.4.6/27830/Wed Nov 25 08:21:14 2026");

        Assert.Equal("1.4.6", version.Engine);
        Assert.Equal("27830", version.Signatures);
        Assert.Equal(new DateTime(2026, 11, 25, 8, 21, 14, DateTimeKind.Utc), version.SignatureTime);
    }

    [Theory]
    // 25 November 2024 was a Monday: a wrong weekday does not cost the date.
    [InlineData("ClamAV 1.0.7/27470/Tue Nov 25 09:27:03 2024", 2024, 11, 25)]
    [InlineData("ClamAV 1.4.6/27800/Wed Nov  5 09:27:03 2025\n", 2025, 11, 5)]
    public void The_signature_date_is_read_with_one_or_two_digit_days(string reply, int year, int month, int day)
    {
        var version = ClamdReply.ParseVersion(reply);

        Assert.Equal(new DateTime(year, month, day, 9, 27, 3, DateTimeKind.Utc), version.SignatureTime);
    }

    [Fact]
    public void Version_with_local_signatures_only_has_no_database_version()
    {
        var version = ClamdReply.ParseVersion("ClamAV 1.4.6");

        Assert.Equal("1.4.6", version.Engine);
        Assert.Equal("", version.Signatures);
        Assert.Null(version.SignatureTime);
    }
}
