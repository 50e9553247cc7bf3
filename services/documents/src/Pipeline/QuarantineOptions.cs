namespace Ideation.Documents.Pipeline;

/// <summary>How long infected bytes are kept for an admin to judge them. Section <c>Documents:Quarantine</c>.</summary>
public sealed class QuarantineOptions
{
    public const string Section = "Documents:Quarantine";

    /// <summary>After this the quarantined bytes are deleted; the document row stays as the record of the detection.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);
}
