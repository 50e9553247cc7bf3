namespace Ideation.Documents.Persistence;

/// <summary>
/// Keys of PostgreSQL advisory locks (one 64-bit number per lock). Only this service uses its
/// database, so a key derived from the idea's id alone cannot collide with another kind of lock.
/// </summary>
internal static class AdvisoryLocks
{
    /// <summary>Serialises the inserts of one idea's documents, so that concurrent uploads cannot exceed the per-idea limit.</summary>
    public static long ForIdea(Guid ideaId)
    {
        Span<byte> bytes = stackalloc byte[16];
        ideaId.TryWriteBytes(bytes);
        return BitConverter.ToInt64(bytes[..8]) ^ BitConverter.ToInt64(bytes[8..]);
    }
}
