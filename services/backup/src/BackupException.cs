namespace Ideation.Backup;

/// <summary>A failure with a message for the operator: what failed, and what to check.</summary>
public sealed class BackupException(string message, Exception? innerException = null) : Exception(message, innerException);
