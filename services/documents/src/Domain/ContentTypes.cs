namespace Ideation.Documents.Domain;

/// <summary>The content types the service can recognise from a file's bytes.</summary>
public static class ContentTypes
{
    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Gif = "image/gif";
    public const string WebP = "image/webp";
    public const string Zip = "application/zip";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

    /// <summary>Legacy Office (Word, Excel, PowerPoint 97-2003): one OLE compound file format for all three.</summary>
    public const string LegacyOffice = "application/x-ole-storage";

    public const string PlainText = "text/plain";
    public const string Csv = "text/csv";

    /// <summary>Bytes matching no known format.</summary>
    public const string Unknown = "application/octet-stream";

    public static readonly IReadOnlyList<string> DefaultAllowed =
        [Pdf, Png, Jpeg, Gif, WebP, Docx, Xlsx, Pptx, LegacyOffice, PlainText, Csv, Zip];
}
