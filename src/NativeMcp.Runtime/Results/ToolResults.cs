using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;
using NativeMcp.Runtime.Binding;
using NativeMcp.Runtime.Upstream;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Runtime.Results;

/// <summary>Turns an upstream answer into the <c>tools/call</c> result the model sees.</summary>
public static class ToolResults
{
    /// <summary>
    /// Awaits a generated tool's upstream call and turns its answer into the result: the one state machine every
    /// upstream tool shares, so that a generated tool's <c>InvokeAsync</c> is a plain method.
    /// </summary>
    public static async ValueTask<CallToolResult> FromResponseAsync(Task<UpstreamResponse> response, ResultSpec spec) =>
        FromResponse(await response.ConfigureAwait(false), spec);

    public static CallToolResult FromResponse(UpstreamResponse response, ResultSpec spec)
    {
        var secrets = response.Upstream.Secrets;
        if (!response.IsSuccess) return Error(UpstreamErrors.Describe(response, spec.ErrorHints));

        if (response.Body.Length == 0)
        {
            return Text("Done: the upstream answered HTTP " + response.Status + " with no content.");
        }

        if (IsJson(response)) return FromJson(response, spec);

        var mediaType = response.MediaType ?? "application/octet-stream";
        if (IsText(response.MediaType))
        {
            return Text(Secrets.Redact(Encoding.UTF8.GetString(response.Body), secrets));
        }
        if (mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
        {
            return new CallToolResult { Content = [ImageContentBlock.FromBytes(response.Body, mediaType)] };
        }
        if (mediaType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase))
        {
            return new CallToolResult { Content = [AudioContentBlock.FromBytes(response.Body, mediaType)] };
        }
        // Other binary (PDF, archives, ...): an embedded resource the client can save or hand on.
        var uri = Secrets.Redact(response.Upstream.BaseUrl.TrimEnd('/') + response.Path, secrets);
        return new CallToolResult
        {
            Content =
            [
                new EmbeddedResourceBlock { Resource = BlobResourceContents.FromBytes(response.Body, uri, mediaType) },
                new TextContentBlock { Text = "The upstream answered with " + Upstream.UpstreamClient.DescribeSize(response.Body.Length) + " of " + mediaType + ", attached as a resource." },
            ],
        };
    }

    private static CallToolResult FromJson(UpstreamResponse response, ResultSpec spec)
    {
        JsonElement original;
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            original = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return Error(FailureCodes.InvalidResponse + ": the upstream answered " + response.Method + " " + response.Path +
                " with a body declared as JSON that does not parse (" + FirstSentence(ex.Message) + ").");
        }

        var value = spec.Shapes || spec.MaxBytes is not null ? ResponseShaper.Shape(original, spec) : original;
        string? truncation = null;
        var size = value.GetRawText().Length;
        if (spec.MaxBytes is { } max && size > max)
        {
            (value, truncation) = JsonTruncator.Truncate(value, max, size);
        }

        // Structured content is always an object: the answer itself, or the answer under "result" when the
        // output schema says so (an answer that is an array, a string, ...).
        var structured = spec.WrapResult ? Wrap(value) : value;
        if ((spec.Output is { } output ? Validate(structured, output) : spec.OutputSchema is { } schema ? Validate(structured, schema) : null) is { } mismatch)
        {
            return Error(FailureCodes.InvalidResponse + ": the upstream's answer to " + response.Method + " " + response.Path +
                " does not match the output schema of '" + spec.ToolName + "': " + mismatch);
        }

        var secrets = response.Upstream.Secrets;
        // Unshaped and whole: the upstream's own text, formatting kept. Otherwise the compact rewrite.
        var json = !spec.Shapes && truncation is null ? Encoding.UTF8.GetString(response.Body) : value.GetRawText();
        var result = new CallToolResult { Content = [new TextContentBlock { Text = Secrets.Redact(json, secrets) }] };
        if (structured.ValueKind == JsonValueKind.Object && !Secrets.Contains(json, secrets)) result.StructuredContent = structured;
        if (truncation is not null) result.Content.Add(new TextContentBlock { Text = truncation });
        if (NextPage(original, spec) is { } next) result.Content.Add(new TextContentBlock { Text = next });
        return result;
    }

    private static JsonElement Wrap(JsonElement value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(value.GetRawText().Length + 16);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("result");
            value.WriteTo(writer);
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>Says how to ask for the next page when the upstream returned a cursor for it.</summary>
    private static string? NextPage(JsonElement original, ResultSpec spec)
    {
        if (spec.NextCursor is null || spec.NextCursorInput is null) return null;
        if (ResponseShaper.Find(original, spec.NextCursor) is not { } cursor) return null;
        var text = cursor.ValueKind switch
        {
            JsonValueKind.String when cursor.GetString() is { Length: > 0 } s => JsonValues.StringText(s),
            JsonValueKind.Number => cursor.GetRawText(),
            _ => null,
        };
        return text is null
            ? null
            : "More results are available: call " + spec.ToolName + " again with the same arguments and \"" + spec.NextCursorInput + "\": " + text + ".";
    }

    private static string? Validate(JsonElement value, InputField[] output)
    {
        var errors = new ArgumentErrors();
        var root = new InputField("result", InputKind.Object) { Properties = output, AllowAdditionalProperties = true };
        ArgumentBinder.Validate(value, root, "result", errors);
        return errors.HasErrors ? string.Join("; ", errors.Messages) : null;
    }

    private static string? Validate(JsonElement value, SchemaNode schema)
    {
        var errors = new ArgumentErrors();
        SchemaValidator.Validate(value, schema, "result", errors);
        return errors.HasErrors ? string.Join("; ", errors.Messages) : null;
    }

    public static CallToolResult Error(string text) =>
        new() { IsError = true, Content = [new TextContentBlock { Text = text }] };

    private static CallToolResult Text(string text) => new() { Content = [new TextContentBlock { Text = text }] };

    internal static bool IsJson(UpstreamResponse response)
    {
        var type = response.MediaType;
        if (type is null)
        {
            // Unlabelled: sniff the first significant byte.
            foreach (var b in response.Body)
            {
                if (b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') continue;
                return b is (byte)'{' or (byte)'[';
            }
            return false;
        }
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    internal static bool IsText(string? mediaType) =>
        mediaType is null
        || mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        || mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("application/xml", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("application/javascript", StringComparison.OrdinalIgnoreCase);

    internal static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message.Substring(0, end)).TrimEnd('.');
    }
}
