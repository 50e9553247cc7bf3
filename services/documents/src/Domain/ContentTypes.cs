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

    /// <summary>Legacy Office (97-2003): OLE compound files, told apart by the stream names in their directory.</summary>
    public const string Doc = "application/msword";
    public const string Xls = "application/vnd.ms-excel";
    public const string Ppt = "application/vnd.ms-powerpoint";

    /// <summary>Any other OLE compound file (an .msi installer, for one): not allowed by default.</summary>
    public const string OleStorage = "application/x-ole-storage";

    public const string PlainText = "text/plain";
    public const string Csv = "text/csv";

    public static bool IsText(string contentType) => contentType is PlainText or Csv;

    /// <summary>Bytes matching no known format.</summary>
    public const string Unknown = "application/octet-stream";

    public static readonly IReadOnlyList<string> DefaultAllowed =
        [Pdf, Png, Jpeg, Gif, WebP, Docx, Xlsx, Pptx, Doc, Xls, Ppt, PlainText, Csv, Zip];
}
