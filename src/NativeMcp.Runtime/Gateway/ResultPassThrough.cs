using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using NativeMcp.Runtime.Results;

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// Whether a stdio child's tools/call result can go to the caller as the bytes it wrote, decided in one pass of a
/// reader: building the SDK's result object and serialising it again was most of the gateway's work per call
/// (bench/results.md, gateway per-call overhead). The bytes pass only when the result object would say the same:
/// a JSON object whose <c>content</c> is an array of objects, each of a type MCP names; a boolean <c>isError</c>, if
/// any; a <c>resultType</c>, if any, of <c>complete</c> (another kind, such as <c>input_required</c>, is not a result,
/// and <see cref="McpUpstream"/> refuses it); no credential of the upstream in any string, escaped or not. Anything else is read into a result object, which
/// the gateway checks and scrubs as before.
/// </summary>
internal static class ResultPassThrough
{
    /// <summary>The answer as bytes, with its <c>isError</c> and the text blocks' size read on the way; null when it cannot pass.</summary>
    public static ToolAnswer? Read(ReadOnlySpan<byte> result, IReadOnlyList<string> secrets)
    {
        var isError = false;
        var textBytes = 0;
        var sawContent = false;
        int blocks = 0, typed = 0;
        byte[]? unescaped = null;
        try
        {
            var reader = new Utf8JsonReader(result);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            // What the last property name was, at the result's top level and at a content block's.
            var top = Member.Other;
            var inBlock = Member.Other;
            while (reader.Read())
            {
                // Shapes the result object cannot read: a block that is not an object, an isError that is not a boolean.
                if (top == Member.Content && reader.CurrentDepth == 2 && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.EndObject)) return null;
                if (top == Member.IsError && reader.CurrentDepth == 1 && reader.TokenType is not (JsonTokenType.PropertyName or JsonTokenType.True or JsonTokenType.False)) return null;
                if (top == Member.ResultType && reader.CurrentDepth == 1 && reader.TokenType is not (JsonTokenType.PropertyName or JsonTokenType.String)) return null;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName when reader.CurrentDepth == 1:
                        top = reader.ValueTextEquals("content"u8) ? Member.Content
                            : reader.ValueTextEquals("isError"u8) ? Member.IsError
                            : reader.ValueTextEquals("resultType"u8) ? Member.ResultType
                            : Member.Other;
                        break;
                    case JsonTokenType.PropertyName when reader.CurrentDepth == 3 && top == Member.Content:
                        inBlock = reader.ValueTextEquals("type"u8) ? Member.Type : reader.ValueTextEquals("text"u8) ? Member.Text : Member.Other;
                        break;
                    case JsonTokenType.StartArray when reader.CurrentDepth == 1 && top == Member.Content:
                        sawContent = true;
                        break;
                    case JsonTokenType.StartObject when reader.CurrentDepth == 2 && top == Member.Content:
                        inBlock = Member.Other;
                        blocks++;
                        break;
                    case JsonTokenType.True when reader.CurrentDepth == 1 && top == Member.IsError:
                        isError = true;
                        break;
                    case JsonTokenType.String:
                        var value = reader.ValueSpan;
                        if (reader.ValueIsEscaped)
                        {
                            if (unescaped is null || unescaped.Length < value.Length)
                            {
                                if (unescaped is not null) ArrayPool<byte>.Shared.Return(unescaped);
                                unescaped = ArrayPool<byte>.Shared.Rent(value.Length);
                            }
                            value = unescaped.AsSpan(0, reader.CopyString(unescaped));
                        }
                        if (secrets.Count > 0 && Secrets.Contains(value, secrets)) return null;
                        // "complete" is a result (protocol 2026-07-28 says so on each); any other kind is not.
                        if (reader.CurrentDepth == 1 && top == Member.ResultType && !value.SequenceEqual("complete"u8)) return null;
                        if (reader.CurrentDepth == 3 && top == Member.Content)
                        {
                            if (inBlock == Member.Text) textBytes += value.Length;
                            else if (inBlock == Member.Type)
                            {
                                if (!IsContentType(value)) return null;
                                typed++;
                            }
                        }
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            if (unescaped is not null) ArrayPool<byte>.Shared.Return(unescaped);
        }
        return sawContent && typed == blocks ? ToolAnswer.OfJson(result.ToArray(), isError, textBytes) : null;
    }

    /// <summary>The content block types of a tool result (MCP's ContentBlock).</summary>
    private static bool IsContentType(ReadOnlySpan<byte> type) =>
        type.SequenceEqual("text"u8) || type.SequenceEqual("image"u8) || type.SequenceEqual("audio"u8)
        || type.SequenceEqual("resource_link"u8) || type.SequenceEqual("resource"u8);

    private enum Member
    {
        Other,
        Content,
        IsError,
        ResultType,
        Type,
        Text,
    }
}
