using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using NativeMcp.Runtime.Upstream;

namespace NativeMcp.Runtime.Results;

/// <summary>Turns an upstream answer into the <c>tools/call</c> result the model sees.</summary>
public static class ToolResults
{
    public static CallToolResult FromResponse(UpstreamResponse response, UpstreamOptions options, IReadOnlyDictionary<int, string>? toolHints)
    {
        if (!response.IsSuccess)
        {
            return Error(UpstreamErrors.Describe(response, options, toolHints));
        }

        if (response.Body.Length == 0)
        {
            return Text("Done: the upstream answered HTTP " + response.Status + " with no content.");
        }

        if (IsJson(response))
        {
            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(response.Body);
                root = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                return Error("invalid_response: the upstream answered " + response.Method + " " + response.Path +
                    " with a body declared as JSON that does not parse (" + FirstSentence(ex.Message) + ").");
            }
            var result = Text(Secrets.Redact(Encoding.UTF8.GetString(response.Body), options.Secrets));
            if (root.ValueKind == JsonValueKind.Object) result.StructuredContent = root;
            return result;
        }

        if (IsText(response.MediaType))
        {
            return Text(Secrets.Redact(Encoding.UTF8.GetString(response.Body), options.Secrets));
        }

        return Text("The upstream answered with " + response.Body.Length + " bytes of " + (response.MediaType ?? "unlabelled binary data") + ".");
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
