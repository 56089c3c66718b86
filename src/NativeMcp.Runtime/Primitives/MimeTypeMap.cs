namespace NativeMcp;

/// <summary>
/// MIME types by file extension. One file, compiled into both the runtime and the generator (linked), so
/// that the type a spec's resource advertises is the type its embedded file is served with.
/// </summary>
internal static class MimeTypeMap
{
    public static string FromPath(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".gif" => "image/gif",
        ".webp" => "image/webp",
        ".svg" => "image/svg+xml",
        ".wav" => "audio/wav",
        ".mp3" => "audio/mpeg",
        ".ogg" => "audio/ogg",
        ".json" => "application/json",
        ".pdf" => "application/pdf",
        ".md" => "text/markdown",
        ".csv" => "text/csv",
        ".html" or ".htm" => "text/html",
        ".txt" => "text/plain",
        _ => "application/octet-stream",
    };
}
