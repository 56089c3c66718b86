using System;
using System.Buffers;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;

namespace NativeMcp.Runtime.Stdio;

/// <summary>
/// Stdout for the protocol: each message is built whole, then written with one call under a lock, so
/// concurrent answers never interleave and no answer waits in a buffer.
/// </summary>
internal sealed class ProtocolOutput
{
    private static ReadOnlySpan<byte> Head => "{\"jsonrpc\":\"2.0\",\"id\":"u8;

    private readonly Stream _stream;
    private readonly object _gate = new();

    public ProtocolOutput(Stream stream) => _stream = stream;

    /// <summary>
    /// Answers are JSON for a program, never HTML: quotes stay \" and non-ASCII text stays UTF-8, where the
    /// default encoder writes \u0022 and \uXXXX (twice the bytes for the same text).
    /// </summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private static JsonSerializerOptions? s_options;

    /// <summary>The SDK's protocol contracts, written with <see cref="Encoder"/>; built at first use only.</summary>
    public static JsonSerializerOptions Options =>
        s_options ??= new JsonSerializerOptions(McpJsonUtilities.DefaultOptions) { Encoder = Encoder };

    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    /// <summary>{"jsonrpc":"2.0","id":ID,"result":RESULT} where RESULT is JSON computed beforehand.</summary>
    public void WriteResult(ReadOnlyMemory<byte> id, ReadOnlySpan<byte> result)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Head.Length + id.Length + result.Length + 16);
        var span = buffer.AsSpan();
        var n = Append(span, 0, Head);
        n = Append(span, n, id.Span);
        n = Append(span, n, ",\"result\":"u8);
        n = Append(span, n, result);
        n = Append(span, n, "}\n"u8);
        Write(span[..n]);
        ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>An initialize result: the negotiated version first, then the part the generator computed.</summary>
    public void WriteInitializeResult(ReadOnlyMemory<byte> id, string protocolVersion, ReadOnlySpan<byte> rest)
    {
        var buffer = new ArrayBufferWriter<byte>(rest.Length + 128);
        buffer.Write(Head);
        buffer.Write(id.Span);
        buffer.Write(",\"result\":{\"protocolVersion\":\""u8);
        buffer.Write(System.Text.Encoding.UTF8.GetBytes(protocolVersion));
        buffer.Write("\","u8);
        buffer.Write(rest);
        buffer.Write("}}\n"u8);
        Write(buffer.WrittenSpan);
    }

    /// <summary>A result serialized with the SDK's contract for <typeparamref name="T"/>.</summary>
    public void WriteSerialized<T>(ReadOnlyMemory<byte> id, T result)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        buffer.Write(Head);
        buffer.Write(id.Span);
        buffer.Write(",\"result\":"u8);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Encoder, SkipValidation = true }))
        {
            JsonSerializer.Serialize(writer, result, TypeInfo<T>());
        }
        buffer.Write("}\n"u8);
        Write(buffer.WrittenSpan);
    }

    /// <summary>{"jsonrpc":"2.0","id":ID,"error":{"code":CODE,"message":MESSAGE}}; a missing id is written as null.</summary>
    public void WriteError(ReadOnlyMemory<byte> id, int code, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc"u8, "2.0"u8);
            writer.WritePropertyName("id"u8);
            if (id.IsEmpty) writer.WriteNullValue();
            else writer.WriteRawValue(id.Span, skipInputValidation: true);
            writer.WriteStartObject("error"u8);
            writer.WriteNumber("code"u8, code);
            writer.WriteString("message"u8, message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        buffer.Write("\n"u8);
        Write(buffer.WrittenSpan);
    }

    /// <summary>Any whole message (notifications and requests from the server, answers of the SDK server).</summary>
    public void WriteMessage(ModelContextProtocol.Protocol.JsonRpcMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Encoder, SkipValidation = true }))
        {
            JsonSerializer.Serialize(writer, message, TypeInfo<ModelContextProtocol.Protocol.JsonRpcMessage>());
        }
        buffer.Write("\n"u8);
        Write(buffer.WrittenSpan);
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            try
            {
                _stream.Write(bytes);
                _stream.Flush();
            }
            catch (IOException)
            {
                // The client closed its end: there is no one left to answer.
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private static int Append(Span<byte> target, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(target[at..]);
        return at + bytes.Length;
    }
}
