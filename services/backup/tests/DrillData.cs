using System.Security.Cryptography;
using Amazon.S3;
using Ideation.Documents.Persistence;
using Ideation.Ideas.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace Ideation.Backup.Tests;

/// <summary>
/// Data for the restore drill, in the services' real schemas (their migrations): ideas with their
/// history and outbox, documents whose objects lie in the documents and quarantine buckets.
/// </summary>
public static class DrillData
{
    public const int IdeaCount = 500;

    public static async Task SeedIdeasAsync(string connectionString)
    {
        await IdeasDatabase.MigrateAsync(connectionString);
        await DatabaseContents.ExecuteAsync(connectionString,
            $"""
            INSERT INTO ideas (id, title, description, category, tags, state, author, author_display_name,
                               create_time, update_time, submit_time, decision_reason, request_id, version)
            SELECT md5('idea' || g)::uuid, 'Idea ' || g || ' — café ☕', repeat('More racks near the east door. ', 1 + g % 40),
                   (ARRAY['workplace', 'product', 'process'])[1 + g % 3], ARRAY['tag' || g % 7, 'überall'],
                   (ARRAY['draft', 'submitted', 'under_review', 'approved', 'rejected'])[1 + g % 5],
                   'user' || g % 13, 'User ' || g % 13, now() - g * interval '1 minute', now(),
                   CASE WHEN g % 5 > 0 THEN now() END, CASE WHEN g % 5 = 4 THEN 'Out of budget' END,
                   CASE WHEN g % 3 = 0 THEN 'request-' || g END, 1 + g % 4
            FROM generate_series(1, {IdeaCount}) g;
            INSERT INTO idea_events (idea_id, sequence, kind, actor, actor_display_name, create_time, from_state, to_state, reason, changed_fields)
            SELECT id, 1, 'created', author, author_display_name, create_time, NULL, 'draft', NULL, ARRAY[]::text[] FROM ideas;
            INSERT INTO idea_events (idea_id, sequence, kind, actor, actor_display_name, create_time, from_state, to_state, reason, changed_fields)
            SELECT id, 2, 'state_changed', author, author_display_name, submit_time, 'draft', 'submitted', NULL, ARRAY['state'] FROM ideas WHERE submit_time IS NOT NULL;
            INSERT INTO idea_outbox (event_type, idea_id, create_time, trace_parent)
            SELECT 'idea.created', id, create_time, '00-' || md5(id::text) || '-00f067aa0ba902b7-01' FROM ideas;
            -- Relayed entries are deleted: the sequence stands past the highest id left.
            DELETE FROM idea_outbox WHERE id % 4 <> 0;
            """);
    }

    /// <summary>One document row per object, with the object's real size and SHA-256.</summary>
    public static async Task SeedDocumentsAsync(string connectionString, IReadOnlyList<(string Bucket, string Key, byte[] Content, string State)> objects)
    {
        await DocumentsDatabase.MigrateAsync(connectionString);
        foreach (var (bucket, key, content, state) in objects)
        {
            await DatabaseContents.ExecuteAsync(connectionString,
                """
                INSERT INTO documents (id, idea_id, filename, declared_content_type, content_type, size_bytes, sha256, bucket, object_key,
                                       scan_state, threat_name, scan_time, uploader, create_time, scan_generation, verdict_generation,
                                       scan_attempts, enqueue_time, scan_request_time)
                VALUES (gen_random_uuid(), md5('idea1')::uuid, @filename, 'application/pdf', 'application/pdf', @size, @sha256, @bucket, @key,
                        @state, CASE WHEN @state = 'infected' THEN 'Eicar-Signature' END, now(), 'user1', now(), 1, 1, 1, now(), now())
                """,
                new NpgsqlParameter("filename", Path.GetFileName(key)),
                new NpgsqlParameter("size", NpgsqlDbType.Bigint) { Value = (long)content.Length },
                new NpgsqlParameter("sha256", Convert.ToHexStringLower(SHA256.HashData(content))),
                new NpgsqlParameter("bucket", bucket),
                new NpgsqlParameter("key", key),
                new NpgsqlParameter("state", state));
        }

        await DatabaseContents.ExecuteAsync(connectionString,
            """
            INSERT INTO scan_outbox (document_id, generation, create_time) SELECT id, 1, now() FROM documents;
            INSERT INTO object_cleanups (bucket, object_key, due_time) SELECT bucket, object_key || '.partial', now() + interval '1 hour' FROM documents;
            DELETE FROM object_cleanups WHERE id % 2 = 0;
            """);
    }

    /// <summary>Puts each object, the large ones as multipart uploads.</summary>
    public static async Task PutObjectsAsync(IAmazonS3 client, IEnumerable<(string Bucket, string Key, byte[] Content, string State)> objects)
    {
        foreach (var (bucket, key, content, _) in objects)
        {
            if (content.Length > 5 * 1024 * 1024)
            {
                await BackupScenario.PutMultipartAsync(client, bucket, key, content);
            }
            else
            {
                await BackupScenario.PutAsync(client, bucket, key, content, "application/pdf");
            }
        }
    }
}
