using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Declarations;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.Spec;

internal sealed partial class SpecParser
{

    private List<InputModel> ParseInputs(YamlNode? node, string where)
    {
        var inputs = new List<InputModel>();
        var m = _r.Mapping(node, where, null);
        if (m is null) return inputs;
        foreach (var (name, _, value) in m.Entries)
        {
            if (ParseInput(name, value, name) is { } input) inputs.Add(input);
        }
        return inputs;
    }

    private InputModel? ParseInput(string name, YamlNode node, string path)
    {
        var m = _r.Mapping(node, "input '" + path + "'", SpecKeys.Input);
        if (m is null) return null;

        var typeText = _r.String(m["type"], path + ".type") ?? (m.Has("properties") ? "object" : m.Has("items") ? "array" : "string");
        if (!InputKinds.TryParse(typeText, out var type))
        {
            _r.Report(SpecDiagnostics.InvalidValue, m["type"], path + ".type", "expected one of: " + string.Join(", ", InputKinds.Names));
            return null;
        }

        var enumValues = EquatableArray<string>.Empty;
        if (_r.Sequence(m["enum"], path + ".enum") is { } enumNode)
        {
            if (type != InputKind.String)
            {
                _r.Report(SpecDiagnostics.InvalidValue, m["enum"], path + ".enum", "enum is supported on string inputs");
            }
            enumValues = new EquatableArray<string>(enumNode.Children.Select(c => _r.String(c, path + ".enum") ?? "").ToArray());
        }

        var formatText = _r.String(m["format"], path + ".format");
        var format = StringFormat.None;
        if (formatText is not null && !StringFormats.TryParse(formatText, out format))
        {
            _r.Report(SpecDiagnostics.InvalidValue, m["format"], path + ".format", "expected one of: " + string.Join(", ", StringFormats.Names));
        }

        var pattern = _r.String(m["pattern"], path + ".pattern");
        if (pattern is not null)
        {
            try
            {
                _ = new Regex(pattern);
            }
            catch (ArgumentException ex)
            {
                _r.Report(SpecDiagnostics.InvalidPattern, m["pattern"], path, ex.Message);
            }
        }

        InputModel? items = null;
        if (m["items"] is { } itemsNode)
        {
            items = ParseInput("items", itemsNode, path + "[]");
        }
        else if (type == InputKind.Array)
        {
            _r.Report(SpecDiagnostics.MissingKey, m.Node, "array input '" + path + "'", "items");
        }

        var properties = EquatableArray<InputModel>.Empty;
        if (_r.Mapping(m["properties"], path + ".properties", null) is { } props)
        {
            var list = new List<InputModel>();
            foreach (var (propName, _, propNode) in props.Entries)
            {
                if (ParseInput(propName, propNode, path + "." + propName) is { } p) list.Add(p);
            }
            properties = new EquatableArray<InputModel>(list.ToArray());
        }

        var minimum = _r.Number(m["minimum"], path + ".minimum");
        var maximum = _r.Number(m["maximum"], path + ".maximum");
        if (type == InputKind.Integer)
        {
            if (minimum?.Contains(".") == true) _r.Report(SpecDiagnostics.InvalidValue, m["minimum"], path + ".minimum", "an integer input needs a whole-number minimum");
            if (maximum?.Contains(".") == true) _r.Report(SpecDiagnostics.InvalidValue, m["maximum"], path + ".maximum", "an integer input needs a whole-number maximum");
        }

        var input = new InputModel
        {
            Name = name,
            Type = type,
            Description = _r.String(m["description"], path + ".description"),
            Required = _r.Bool(m["required"], path + ".required") ?? false,
            Enum = enumValues,
            Minimum = minimum,
            Maximum = maximum,
            MinLength = _r.Int(m["minLength"], path + ".minLength", 0),
            MaxLength = _r.Int(m["maxLength"], path + ".maxLength", 0),
            Pattern = pattern,
            Format = format,
            Items = items,
            Properties = properties,
            MinItems = _r.Int(m["minItems"], path + ".minItems", 0),
            MaxItems = _r.Int(m["maxItems"], path + ".maxItems", 0),
        };

        if (m["default"] is { } defaultNode && !SpecReader.IsNull(defaultNode))
        {
            input = input with
            {
                DefaultJson = DefaultToJson(input, defaultNode, path),
                DefaultText = input.Type == InputKind.String ? (defaultNode as YamlScalarNode)?.Value : null,
            };
        }
        return input;
    }

    /// <summary>Converts a default to JSON text and checks it against the input's own type and constraints.</summary>
    private string? DefaultToJson(InputModel input, YamlNode node, string path)
    {
        string? Fail(string why)
        {
            _r.Report(SpecDiagnostics.InvalidDefault, node, path, why);
            return null;
        }

        var scalar = node as YamlScalarNode;
        var plain = scalar is { Style: ScalarStyle.Plain };
        var text = scalar?.Value ?? "";
        switch (input.Type)
        {
            case InputKind.String:
                if (scalar is null) return Fail("must be a string");
                if (!input.Enum.IsEmpty && !input.Enum.Contains(text)) return Fail("must be one of: " + string.Join(", ", input.Enum));
                if (input.MaxLength is { } max && text.Length > max) return Fail("is longer than maxLength " + max);
                if (input.MinLength is { } min && text.Length < min) return Fail("is shorter than minLength " + min);
                return JsonText.String(text);
            case InputKind.Integer:
                if (!plain || !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return Fail("must be a whole number");
                return CheckRange(l, input) ?? Fail("is outside minimum/maximum");
            case InputKind.Number:
                if (!plain || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return Fail("must be a number");
                return CheckRange(d, input) ?? Fail("is outside minimum/maximum");
            case InputKind.Boolean:
                if (!plain || (text != "true" && text != "false")) return Fail("must be true or false");
                return text;
            default:
                var json = new StringBuilder();
                if (!YamlToJson(node, json)) return Fail("must be plain data");
                if (input.Type == InputKind.Array && node is not YamlSequenceNode) return Fail("must be a list");
                if (input.Type == InputKind.Object && node is not YamlMappingNode) return Fail("must be a mapping");
                return json.ToString();
        }
    }

    private static string? CheckRange(double value, InputModel input)
    {
        if (input.Minimum is { } min && value < double.Parse(min, CultureInfo.InvariantCulture)) return null;
        if (input.Maximum is { } max && value > double.Parse(max, CultureInfo.InvariantCulture)) return null;
        return JsonText.Number(value);
    }

    private static bool YamlToJson(YamlNode node, StringBuilder sb)
    {
        switch (node)
        {
            case YamlScalarNode s when s.Style == ScalarStyle.Plain:
                var v = s.Value ?? "";
                if (v is "true" or "false" or "null" || double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) sb.Append(v);
                else sb.Append(JsonText.String(v));
                return true;
            case YamlScalarNode s:
                sb.Append(JsonText.String(s.Value ?? ""));
                return true;
            case YamlSequenceNode seq:
                sb.Append('[');
                var first = true;
                foreach (var child in seq.Children)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    if (!YamlToJson(child, sb)) return false;
                }
                sb.Append(']');
                return true;
            case YamlMappingNode map:
                sb.Append('{');
                var firstPair = true;
                foreach (var pair in map.Children)
                {
                    if (pair.Key is not YamlScalarNode key) return false;
                    if (!firstPair) sb.Append(',');
                    firstPair = false;
                    sb.Append(JsonText.String(key.Value ?? "")).Append(':');
                    if (!YamlToJson(pair.Value, sb)) return false;
                }
                sb.Append('}');
                return true;
            default:
                return false;
        }
    }
}
