using System.Security.Cryptography;
using Amazon.S3.Model;
using Npgsql;

namespace Ideation.EndToEnd.Tests.Corpus;

/// <summary>
/// Everything the platform stores, reduced to comparable lines: every table of the ideas and
/// documents databases (row count and an MD5 of all its rows, so an update shows as well as an
/// insert) and every object of both buckets (key and SHA-256).
/// </summary>
public sealed record DataSnapshot(IReadOnlyDictionary<string, string> Entries)
{
    public static async Task<DataSnapshot> TakeAsync(Platform platform)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await AddTablesAsync(entries, "ideas", platform.IdeasDatabase);
        await AddTablesAsync(entries, "documents", platform.DocumentsDatabase);
        using var storage = platform.StorageClient();
        foreach (var bucket in new[] { Platform.DocumentsBucket, Platform.QuarantineBucket })
        {
            var request = new ListObjectsV2Request { BucketName = bucket };
            ListObjectsV2Response listing;
            do
            {
                listing = await storage.ListObjectsV2Async(request);
                foreach (var item in listing.S3Objects ?? [])
                {
                    using var found = await storage.GetObjectAsync(bucket, item.Key);
                    await using var content = found.ResponseStream;
                    entries[$"s3 {bucket}/{item.Key}"] = Convert.ToHexStringLower(await SHA256.HashDataAsync(content));
                }

                request.ContinuationToken = listing.NextContinuationToken;
            }
            while (listing.IsTruncated == true);
        }

        return new DataSnapshot(entries);
    }

    /// <summary>
    /// A snapshot once background work (outbox relays, scans, cleanup) has settled: two in a row,
    /// a second apart, that are equal.
    /// </summary>
    public static async Task<DataSnapshot> SettledAsync(Platform platform)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        var previous = await TakeAsync(platform);
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var current = await TakeAsync(platform);
            if (current.Differences(previous).Count == 0 || DateTime.UtcNow > deadline)
            {
                return current;
            }

            previous = current;
        }
    }

    /// <summary>One line per entry that was added, removed or changed since <paramref name="before"/>.</summary>
    public IReadOnlyList<string> Differences(DataSnapshot before) =>
        Entries.Keys.Union(before.Entries.Keys).Order(StringComparer.Ordinal)
            .Select(key => (key, was: before.Entries.GetValueOrDefault(key), now: Entries.GetValueOrDefault(key)))
            .Where(entry => entry.was != entry.now)
            .Select(entry => $"{entry.key}: {entry.was ?? "(none)"} -> {entry.now ?? "(none)"}")
            .ToList();

    private static async Task AddTablesAsync(SortedDictionary<string, string> entries, string database, string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables " +
            "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand(
                $"SELECT count(*) || ' rows, md5 ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '-') FROM {table} t", connection);
            entries[$"{database} {table}"] = (string)(await command.ExecuteScalarAsync())!;
        }
    }
}
