namespace Ideation.Scanner.Clamd;

/// <summary>clamd could not be reached or answered with an error: the scan should be retried later.</summary>
public sealed class ClamdException(string message, Exception? inner = null) : Exception(message, inner);
