using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace NativeMcp.Runtime.Registry;

/// <summary>
/// The admin page at <c>/admin</c>: three static files compiled into the runtime as embedded resources (no CDN, no
/// build step), served to anyone; the page shows nothing until the admin key it is given works against
/// <c>/api/</c>, where every byte of data is. Strict headers: only this origin's script and style, never framed.
/// </summary>
internal static class AdminPage
{
    public const string Path = "/admin";

    // default-src 'self' and nothing inline: data reaches the DOM as text only, and a script injected anyway cannot run.
    private const string ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly Lazy<Asset> Html = new(() => Load("index.html", "text/html; charset=utf-8"));
    private static readonly Lazy<Asset> Script = new(() => Load("admin.js", "text/javascript; charset=utf-8"));
    private static readonly Lazy<Asset> Style = new(() => Load("admin.css", "text/css; charset=utf-8"));

    /// <summary>Serves /admin, /admin/ and its two assets; false for any path outside /admin.</summary>
    public static async Task<bool> TryServeAsync(HttpContext context, string path)
    {
        if (path != Path && !path.StartsWith(Path + "/", StringComparison.Ordinal)) return false;
        var response = context.Response;
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-cache";
        Asset? asset = path switch
        {
            Path or Path + "/" => Html.Value,
            Path + "/admin.js" => Script.Value,
            Path + "/admin.css" => Style.Value,
            _ => null,
        };
        if (asset is null)
        {
            await PlainAsync(response, 404, "Not found").ConfigureAwait(false);
            return true;
        }
        var method = context.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            response.Headers.Allow = "GET, HEAD";
            await PlainAsync(response, 405, "The admin page takes GET").ConfigureAwait(false);
            return true;
        }
        response.StatusCode = 200;
        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Bytes.Length;
        if (HttpMethods.IsGet(method)) await response.Body.WriteAsync(asset.Bytes, context.RequestAborted).ConfigureAwait(false);
        return true;
    }

    private static async Task PlainAsync(HttpResponse response, int status, string text)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync(text).ConfigureAwait(false);
    }

    /// <summary>One embedded file (its LogicalName is set in the project file), read once.</summary>
    private static Asset Load(string name, string contentType)
    {
        using var stream = typeof(AdminPage).Assembly.GetManifestResourceStream("NativeMcp.Runtime.AdminPage." + name)
            ?? throw new InvalidOperationException("the admin page asset '" + name + "' is not embedded in the runtime");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new Asset(copy.ToArray(), contentType);
    }

    private sealed record Asset(byte[] Bytes, string ContentType);
}
