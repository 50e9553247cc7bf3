namespace Ideation.Scanner.Jobs;

/// <summary>Reading the object from storage broke off midway.</summary>
public sealed class ObjectReadException(Exception inner) : Exception($"reading the object from storage broke off: {inner.Message}", inner);

/// <summary>One attempt at a scan failed on storage or clamd while clamd is alive: retried, then a FAILED verdict.</summary>
internal sealed class ScanAttemptException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>No clamd answers: the claim, if any, is given back (DeferScan) and the job waits, pending, for one to come back; it uses up no attempt.</summary>
internal sealed class ClamdDownException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Storage failed and does not answer a check either: the claim is given back (DeferScan) and the job waits, pending, for storage; it uses up no attempt.</summary>
internal sealed class StorageDownException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The documents service did not answer (or refused for a reason that may pass): the job waits, pending.</summary>
internal sealed class DocumentsUnavailableException(string message, Exception inner) : Exception(message, inner);
