using System.Globalization;
using System.Text.RegularExpressions;

namespace Ideation.Backup;

/// <summary>
/// Where everything lives in the backup bucket, below the installation's prefix:
/// <c>postgres/&lt;database&gt;/&lt;UTC time&gt;.dump</c> for dumps and
/// <c>objects/&lt;source bucket&gt;/&lt;key&gt;</c> for copies of objects.
/// </summary>
public sealed partial class BackupLayout(string prefix)
{
    /// <summary>
    /// ISO 8601 basic format in UTC with milliseconds: fixed width, so that the newest dump is the
    /// last key in S3's (lexicographic) listing order, and two runs within a second never collide.
    /// </summary>
    private const string DumpTimeFormat = "yyyyMMdd'T'HHmmss'.'fff'Z'";

    public string Prefix { get; } = prefix;

    /// <summary>The folder of one database's dumps, with its trailing slash.</summary>
    public string DumpFolder(string database) => $"{Prefix}postgres/{database}/";

    public string DumpKey(string database, DateTimeOffset time) =>
        DumpFolder(database) + time.UtcDateTime.ToString(DumpTimeFormat, CultureInfo.InvariantCulture) + ".dump";

    /// <summary>
    /// True for a key this tool wrote as a dump of <paramref name="database"/>: retention deletes only
    /// those, never another file someone put in the folder.
    /// </summary>
    public bool IsDumpOf(string database, string key) =>
        key.StartsWith(DumpFolder(database), StringComparison.Ordinal) && DumpFileName().IsMatch(key[DumpFolder(database).Length..]);

    /// <summary>The folder of one source bucket's copies, with its trailing slash.</summary>
    public string ObjectFolder(string sourceBucket) => $"{Prefix}objects/{sourceBucket}/";

    /// <summary>Database names become folder names: nothing that could reach into another folder.</summary>
    public static bool IsValidName(string name) => SafeName().IsMatch(name);

    [GeneratedRegex(@"^\d{8}T\d{6}\.\d{3}Z\.dump$")]
    private static partial Regex DumpFileName();

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex SafeName();
}
