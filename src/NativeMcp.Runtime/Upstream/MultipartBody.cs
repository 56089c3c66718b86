using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace NativeMcp.Runtime.Upstream;

/// <summary>
/// A <c>multipart/form-data</c> body (RFC 7578), written once to bytes so that a retried attempt sends the same
/// bytes: scalar fields as text, objects and arrays as JSON, files from base64 arguments with their file name
/// and content type.
/// </summary>
public sealed class MultipartBody
{
    private readonly MemoryStream _bytes = new();
    private readonly string _boundary;

    public MultipartBody()
    {
        Span<byte> random = stackalloc byte[12];
        RandomNumberGenerator.Fill(random);
        _boundary = "nativemcp-" + Convert.ToHexString(random).ToLowerInvariant();
    }

    /// <summary>Set when a file argument is not base64: the sentence names the argument.</summary>
    public string? Invalid { get; private set; }

    public string ContentType => "multipart/form-data; boundary=" + _boundary;

    /// <summary>A text field; <paramref name="contentType"/> null sends none (RFC 7578: text/plain is the default).</summary>
    public void Add(string name, string? value, string? contentType = null)
    {
        if (value is null) return;
        Part(name, null, contentType, Encoding.UTF8.GetBytes(value));
    }

    /// <summary>Strings, numbers and booleans as text; objects and arrays as JSON (<paramref name="contentType"/> or application/json).</summary>
    public void Add(string name, JsonElement? value, string? contentType = null)
    {
        if (value is not { } v || v.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return;
        if (v.ValueKind is JsonValueKind.Object or JsonValueKind.Array) Part(name, null, contentType ?? "application/json", Encoding.UTF8.GetBytes(v.GetRawText()));
        else Add(name, StyledParameters.Scalar(v), contentType);
    }

    /// <summary>A file part from a base64 argument (<paramref name="argument"/> names it in the error when it is not base64).</summary>
    public void AddFile(string name, string argument, string? base64, string? fileName, string? contentType)
    {
        if (base64 is null) return;
        if (!TryDecode(base64, out var bytes))
        {
            Invalid ??= "argument '" + argument + "' is not base64: a file part needs the file's bytes in base64";
            return;
        }
        Part(name, string.IsNullOrEmpty(fileName) ? name : fileName, string.IsNullOrEmpty(contentType) ? "application/octet-stream" : contentType, bytes);
    }

    /// <summary>The whole body, closing boundary included.</summary>
    public byte[] ToBytes()
    {
        var end = Encoding.ASCII.GetBytes("--" + _boundary + "--\r\n");
        var all = new byte[_bytes.Length + end.Length];
        _bytes.GetBuffer().AsSpan(0, (int)_bytes.Length).CopyTo(all);
        end.CopyTo(all, (int)_bytes.Length);
        return all;
    }

    internal static bool TryDecode(string base64, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromBase64String(base64);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }

    private void Part(string name, string? fileName, string? contentType, byte[] content)
    {
        var head = new StringBuilder("--").Append(_boundary).Append("\r\nContent-Disposition: form-data; name=\"").Append(Quote(name)).Append('"');
        if (fileName is not null) head.Append("; filename=\"").Append(Quote(fileName)).Append('"');
        head.Append("\r\n");
        if (contentType is not null) head.Append("Content-Type: ").Append(contentType).Append("\r\n");
        head.Append("\r\n");
        var bytes = Encoding.UTF8.GetBytes(head.ToString());
        _bytes.Write(bytes);
        _bytes.Write(content);
        _bytes.Write("\r\n"u8);
    }

    /// <summary>RFC 7578 section 4.2: quotes, backslashes and line breaks in names are percent-encoded.</summary>
    private static string Quote(string value) =>
        value.Replace("\\", "%5C").Replace("\"", "%22").Replace("\r", "%0D").Replace("\n", "%0A");
}
