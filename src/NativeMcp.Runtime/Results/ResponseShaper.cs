using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;

namespace NativeMcp.Runtime.Results;

/// <summary>
/// The spec's <c>response</c> shaping: keep only the picked paths (keeping their structure), leave out the
/// omitted ones, rename properties, drop nulls. Writes compact JSON with <see cref="Utf8JsonWriter"/>: no reflection.
/// </summary>
internal static class ResponseShaper
{
    public static JsonElement Shape(JsonElement root, ResultSpec spec)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(root, spec.Pick is { } pick ? PickTree.Build(pick) : null, spec.Omit is { } omit ? OmitMatcher.Root(omit) : null, writer, spec);
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <param name="node">What to keep below this element; null keeps everything.</param>
    /// <param name="omit">What to leave out below this element; null when nothing below can be.</param>
    private static void Write(JsonElement element, PickTree? node, OmitMatcher? omit, Utf8JsonWriter writer, ResultSpec spec)
    {
        if (node is { KeepAll: true }) node = null;
        if (omit is { IsEmpty: true }) omit = null;
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    if (spec.DropNulls && property.Value.ValueKind == JsonValueKind.Null) continue;
                    PickTree? child = null;
                    if (node is not null && !node.Children.TryGetValue(property.Name, out child) && !node.Children.TryGetValue("*", out child)) continue;
                    OmitMatcher? below = null;
                    if (omit is not null && (below = omit.Child(property.Name)) is null) continue;
                    var name = spec.Rename is not null && spec.Rename.TryGetValue(property.Name, out var renamed) ? renamed : property.Name;
                    writer.WritePropertyName(name);
                    Write(property.Value, child, below, writer, spec);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    PickTree? child = null;
                    var segment = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    OmitMatcher? below = null;
                    var omitted = omit is not null && (below = omit.Child(segment)) is null;
                    if (!omitted && (node is null || node.Children.TryGetValue("*", out child) || node.Children.TryGetValue(segment, out child)))
                    {
                        Write(item, child, below, writer, spec);
                    }
                    index++;
                }
                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    /// <summary>The picked paths as a tree: a leaf keeps its whole subtree.</summary>
    private sealed class PickTree
    {
        public Dictionary<string, PickTree> Children { get; } = new(StringComparer.Ordinal);

        public bool KeepAll { get; private set; }

        public static PickTree Build(string[][] paths)
        {
            var root = new PickTree();
            foreach (var path in paths)
            {
                var node = root;
                foreach (var segment in path)
                {
                    if (!node.Children.TryGetValue(segment, out var next)) node.Children[segment] = next = new PickTree();
                    node = next;
                }
                node.KeepAll = true;
            }
            return root;
        }
    }

    /// <summary>The value at a segment path, if every step exists.</summary>
    public static JsonElement? Find(JsonElement root, string[] path)
    {
        var current = root;
        foreach (var segment in path)
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var next)) current = next;
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var i) && i >= 0 && i < current.GetArrayLength()) current = current[i];
            else return null;
        }
        return current;
    }
}
