using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Unicode;
using NativeMcp.Runtime.Results;

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// Whether a stdio child's tools/call result can go to the caller as the bytes it wrote, decided in one pass of a
/// reader: building the SDK's result object and serialising it again was most of the gateway's work per call
/// (bench/results.md, gateway per-call overhead). Only the common shape passes, one the result object would carry
/// unchanged: text blocks (<c>type</c> and <c>text</c>, nothing else), <c>structuredContent</c>, a boolean
/// <c>isError</c>, a <c>resultType</c> of <c>complete</c> and an object <c>_meta</c>, each member at most once, every
/// string valid UTF-8, and no credential of the upstream in any name, string or number, escaped or not. Anything
/// else (other block types, members the SDK would drop, an <c>input_required</c> answer, which
/// <see cref="McpUpstream"/> refuses) is read into a result object, which the gateway checks and scrubs as before.
/// </summary>
internal static class ResultPassThrough
{
    /// <summary>The answer as bytes, with its <c>isError</c> and the text blocks' size read on the way; null when it cannot pass.</summary>
    public static ToolAnswer? Read(ReadOnlySpan<byte> result, IReadOnlyList<string> secrets)
    {
        var scan = new Scan(secrets);
        var isError = false;
        try
        {
            var reader = new Utf8JsonReader(result);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            var seen = Member.None;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!scan.Clean(ref reader, out _)) return null;
                var member = TopMember(ref reader);
                // An unknown member would be dropped by the result object; a repeated one read differently.
                if (member == Member.None || (seen & member) != 0) return null;
                seen |= member;
                reader.Read();
                var ok = member switch
                {
                    Member.Content => scan.Content(ref reader),
                    Member.IsError => reader.TokenType is JsonTokenType.True or JsonTokenType.False,
                    // "complete" is a result (protocol 2026-07-28 says so on each); any other kind is not.
                    Member.ResultType => reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("complete"u8),
                    Member.Meta => reader.TokenType == JsonTokenType.StartObject && scan.Value(ref reader, uniqueNames: true),
                    _ => scan.Value(ref reader, uniqueNames: false),
                };
                if (!ok) return null;
                if (member == Member.IsError) isError = reader.TokenType == JsonTokenType.True;
            }
            if ((seen & Member.Content) == 0) return null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON, or a string the reader cannot unescape (a lone surrogate): the result object's path decides.
            return null;
        }
        finally
        {
            scan.Dispose();
        }
        return ToolAnswer.OfJson(result.ToArray(), isError, scan.TextBytes);
    }

    private static Member TopMember(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("content"u8) ? Member.Content
        : reader.ValueTextEquals("structuredContent"u8) ? Member.StructuredContent
        : reader.ValueTextEquals("isError"u8) ? Member.IsError
        : reader.ValueTextEquals("resultType"u8) ? Member.ResultType
        : reader.ValueTextEquals("_meta"u8) ? Member.Meta
        : Member.None;

    [Flags]
    private enum Member
    {
        None = 0,
        Content = 1,
        StructuredContent = 2,
        IsError = 4,
        ResultType = 8,
        Meta = 16,
    }

    /// <summary>The reading's state: the credentials to look for, the text blocks' size, a buffer for unescaping.</summary>
    private struct Scan(IReadOnlyList<string> secrets)
    {
        private byte[]? _unescaped;

        public int TextBytes { get; private set; }

        /// <summary><c>content</c>: an array of text blocks, each <c>type</c> "text" and a string <c>text</c>, once each.</summary>
        public bool Content(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartArray) return false;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject) return false;
                bool type = false, text = false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (!Clean(ref reader, out _)) return false;
                    var isType = reader.ValueTextEquals("type"u8);
                    if (!isType && !reader.ValueTextEquals("text"u8)) return false;
                    if (isType ? type : text) return false;
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || !Clean(ref reader, out var length)) return false;
                    if (isType)
                    {
                        if (!reader.ValueTextEquals("text"u8)) return false;
                        type = true;
                    }
                    else
                    {
                        TextBytes += length;
                        text = true;
                    }
                }
                if (!type || !text) return false;
            }
            return true;
        }

        /// <summary>Any value, every name, string and number in it clean; with <paramref name="uniqueNames"/>, no name twice in an object.</summary>
        public bool Value(ref Utf8JsonReader reader, bool uniqueNames)
        {
            if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return Primitive(ref reader);
            var depth = reader.CurrentDepth;
            // The names seen in each open object, for uniqueNames only (JsonObject refuses a repeated name).
            var names = uniqueNames ? new Stack<HashSet<string>>() : null;
            names?.Push(new HashSet<string>(StringComparer.Ordinal));
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        names?.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.StartArray:
                        names?.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        names?.Pop();
                        if (reader.CurrentDepth == depth) return true;
                        break;
                    case JsonTokenType.PropertyName:
                        if (!Clean(ref reader, out _)) return false;
                        if (names is not null && !names.Peek().Add(reader.GetString()!)) return false;
                        break;
                    default:
                        if (!Primitive(ref reader)) return false;
                        break;
                }
            }
            return false;
        }

        private bool Primitive(ref Utf8JsonReader reader) => reader.TokenType switch
        {
            JsonTokenType.String => Clean(ref reader, out _),
            // A number has no escapes: its text is what the caller would see.
            JsonTokenType.Number => secrets.Count == 0 || !Secrets.Contains(reader.ValueSpan, secrets),
            _ => true,
        };

        /// <summary>
        /// A string or a name: valid UTF-8 once unescaped (the reader does not check unescaped text, and refuses a
        /// lone surrogate escape by throwing) and no credential in it. <paramref name="length"/>: its UTF-8 size.
        /// </summary>
        public bool Clean(ref Utf8JsonReader reader, out int length)
        {
            var value = reader.ValueSpan;
            if (reader.ValueIsEscaped)
            {
                if (_unescaped is null || _unescaped.Length < value.Length)
                {
                    if (_unescaped is not null) ArrayPool<byte>.Shared.Return(_unescaped);
                    _unescaped = ArrayPool<byte>.Shared.Rent(value.Length);
                }
                value = _unescaped.AsSpan(0, reader.CopyString(_unescaped));
            }
            length = value.Length;
            return Utf8.IsValid(value) && (secrets.Count == 0 || !Secrets.Contains(value, secrets));
        }

        public void Dispose()
        {
            if (_unescaped is not null) ArrayPool<byte>.Shared.Return(_unescaped);
            _unescaped = null;
        }
    }
}
