using Google.Protobuf.WellKnownTypes;
using Ideation.Contracts.Documents.V1;
using Ideation.Documents.Persistence;

namespace Ideation.Documents.Api;

/// <summary>Stored documents as the contract shows them. Storage details (bucket, key, leases) stay inside.</summary>
public static class DocumentMapper
{
    public static Document ToProto(this DocumentRecord document)
    {
        var proto = new Document
        {
            Name = DocumentNames.Format(document.IdeaId, document.Id),
            Filename = document.Filename,
            ContentType = document.ContentType,
            DeclaredContentType = document.DeclaredContentType,
            SizeBytes = document.SizeBytes,
            Sha256 = document.Sha256,
            ScanState = document.ScanState.ToProto(),
            ThreatName = document.ThreatName ?? "",
            EngineVersion = document.EngineVersion ?? "",
            SignatureVersion = document.SignatureVersion ?? "",
            Uploader = document.Uploader,
            CreateTime = Timestamp.FromDateTime(DateTime.SpecifyKind(document.CreateTime, DateTimeKind.Utc)),
            RescanPending = document.RescanPending,
            ReleasedBy = document.ReleasedBy ?? "",
            ReleaseReason = document.ReleaseReason ?? "",
        };
        if (document.ScanTime is { } scanTime)
        {
            proto.ScanTime = Timestamp.FromDateTime(DateTime.SpecifyKind(scanTime, DateTimeKind.Utc));
        }

        return proto;
    }
}
