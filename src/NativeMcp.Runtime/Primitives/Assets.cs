using System;
using System.IO;
using System.Reflection;

namespace NativeMcp.Runtime.Primitives;

/// <summary>
/// Files a spec embeds (<c>file:</c>, <c>image:</c>, <c>audio:</c>), compiled into the binary as manifest
/// resources named <c>nativemcp/&lt;path&gt;</c>. Reading a manifest resource is NativeAOT-safe.
/// </summary>
public static class Assets
{
    public static byte[] Read(Assembly assembly, string path)
    {
        using var stream = assembly.GetManifestResourceStream("nativemcp/" + path)
            ?? throw new InvalidOperationException("Embedded asset '" + path + "' is missing from the binary.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>The MIME type of a file, from its extension.</summary>
    public static string MimeType(string path) => MimeTypeMap.FromPath(path);

    public static bool IsText(string mimeType) =>
        mimeType.StartsWith("text/", StringComparison.Ordinal) || mimeType is "application/json" or "image/svg+xml";
}
