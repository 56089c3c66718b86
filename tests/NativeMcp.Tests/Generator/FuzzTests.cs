using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using NativeMcp.Tests.Infrastructure;
using NativeMcp.Tests.Native;
using Xunit;
using Xunit.Abstractions;

namespace NativeMcp.Tests.Generator;

/// <summary>
/// Mutated specs (a fixed seed, so every run sees the same sequence) through the real generator driver:
/// whatever the text, the generator never throws, never reports NMCP099, and a spec with a spec error
/// produces no source. Bounded by time as well as by count, so a slow machine runs fewer cases, never longer.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261202;
    private const int MaxCases = 3000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    /// <summary>The two diagnostics reported after parsing, beside generated code: the build fails on them anyway.</summary>
    private static readonly string[] ReportedBesideCode = ["NMCP018", "NMCP019"];

    [Fact]
    public void Mutated_specs_never_crash_the_generator_and_errors_produce_no_source()
    {
        var seeds = SeedSpecs();
        var random = new Random(Seed);
        var compilation = GeneratorHarness.Compilation();
        var clock = Stopwatch.StartNew();
        var cases = 0;
        var withErrors = 0;
        var ids = new SortedDictionary<string, int>(StringComparer.Ordinal);

        while (cases < MaxCases && clock.Elapsed < Budget)
        {
            var (seedName, seedText) = seeds[random.Next(seeds.Count)];
            var text = seedText;
            var applied = new List<string>();
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                var (name, mutated) = Mutate(text, random);
                applied.Add(name);
                text = mutated;
            }
            cases++;

            var path = seedName.EndsWith(".json", StringComparison.Ordinal) ? "/specs/fuzz.json" : "/specs/fuzz.yaml";
            var spec = new InMemoryText(path, text);
            GeneratorDriverRunResult run;
            try
            {
                run = GeneratorHarness.CreateDriver(spec).RunGenerators(compilation).GetRunResult();
            }
            catch (Exception ex)
            {
                Assert.Fail(Describe(cases, seedName, applied, text, "the driver threw " + ex));
                return;
            }

            var result = run.Results.Single();
            if (result.Exception is { } thrown) Assert.Fail(Describe(cases, seedName, applied, text, "the generator threw " + thrown));
            if (run.Diagnostics.FirstOrDefault(d => d.Id == "NMCP099") is { } internalError)
            {
                Assert.Fail(Describe(cases, seedName, applied, text, "NMCP099: " + internalError.GetMessage()));
            }
            var specErrors = run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && !ReportedBesideCode.Contains(d.Id)).ToList();
            if (specErrors.Count > 0)
            {
                withErrors++;
                if (!result.GeneratedSources.IsEmpty)
                {
                    Assert.Fail(Describe(cases, seedName, applied, text, "source generated despite " + specErrors[0]));
                }
            }
            foreach (var id in run.Diagnostics.Select(d => d.Id).Distinct()) ids[id] = ids.GetValueOrDefault(id) + 1;
        }

        output.WriteLine($"{cases} mutated specs from {seeds.Count} seeds in {clock.Elapsed.TotalSeconds:F1} s; {withErrors} with spec errors");
        output.WriteLine("specs per diagnostic: " + string.Join(", ", ids.Select(kv => kv.Key + " " + kv.Value)));
        // A floor, so that a broken loop cannot pass by running nothing; a loaded machine still reaches it.
        Assert.True(cases >= 200, $"only {cases} cases ran in {Budget.TotalSeconds} s");
        // The mutations reach past the YAML reader: more than one kind of diagnostic is provoked.
        Assert.True(ids.Count >= 5, "only these diagnostics were provoked: " + string.Join(", ", ids.Keys));
    }

    private static string Describe(int index, string seed, List<string> mutations, string text, string what) =>
        $"case {index} (seed {Seed}, from {seed}, mutations {string.Join(" + ", mutations)}): {what}\n--- spec ---\n"
        + (text.Length > 4000 ? text[..4000] + "\n[... " + (text.Length - 4000) + " more characters]" : text);

    /// <summary>Every seed and test spec, and the snapshot specs: valid specs of every feature.</summary>
    private static List<(string Name, string Text)> SeedSpecs()
    {
        var root = NativeBinary.RepoRoot();
        var files = Directory.GetFiles(Path.Combine(root, "specs"), "*.yaml")
            .Concat(Directory.GetFiles(Path.Combine(root, "tests", "NativeMcp.Tests", "Specs")))
            .Concat(Directory.GetFiles(Path.Combine(root, "tests", "NativeMcp.Tests", "Generator", "Snapshots"), "*.yaml"))
            .OrderBy(p => p, StringComparer.Ordinal);
        var seeds = files.Select(p => (Path.GetFileName(p), File.ReadAllText(p))).ToList();
        seeds.Add(("minimal.yaml", SpecBuilder.Minimal()));
        return seeds;
    }

    // ---------------------------------------------------------------- mutations

    private static readonly string[] Scalars =
    [
        "true", "false", "null", "~", "0", "-1", "1.5", "\"\"", "\"text\"", "[]", "{}", "[1, [2, [3]]]", "{ a: 1, b: [x] }",
        "99999999999999999999999999999", "-9223372036854775809", "1e309", "-1e309", ".inf", "-.inf", ".nan", "0x1F", "0o17",
        "2026-12-02", "2026-12-02T01:00:00Z", "!!binary AA==", "!!int x", "!custom tag", "&anchor value", "*anchor", "|", ">-",
        "${UNDECLARED}", "${}", "${A", "{{x}}", "/a/{b}/{", "100ms", "25h", "99999999999999s", "1TB", "-5MB", "0s",
        "\"\\uD800\"", "'it''s'", new string('x', 5000), "GET", "POST", "oauth2", "csharp", "string", "integer", "object",
    ];

    private static readonly string[] Keys =
    [
        "zzz", "nativemcp", "server", "env", "upstream", "upstreams", "tools", "resources", "prompts", "serve", "name", "type",
        "required", "default", "enum", "input", "output", "http", "result", "handler", "path", "method", "query", "body",
        "headers", "auth", "pagination", "response", "errors", "retry", "timeout", "rateLimit", "uri", "uriTemplate",
        "messages", "arguments", "complete", "items", "properties", "minimum", "maximum", "pattern", "format", "apiKeys",
        "$schema", "<<", "? complex", "\"quoted key\"", "1", "null",
    ];

    private static readonly string[] OddText =
    [
        "\u0000", "\uFEFF", "\u200B", "\uD800", "\uDFFF", "\u202E", "\u0085", "\u2028", "\r", "\r\n", "\t", "é", "\U0001D518",
        "\u0007", "\u007F", "\uFFFF", "ﬁ", "\u0301", "#", ": ", "- ", "&", "*", "!", "%", "@", "`", "\"", "'", "{", "}", "[", "]", ",",
    ];

    private static (string Name, string Text) Mutate(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        var i = random.Next(lines.Count);
        switch (random.Next(11))
        {
            case 0:
                lines.RemoveAt(i);
                return ("delete line", Join(lines));
            case 1:
                lines.Insert(i, lines[i]);
                return ("duplicate line", Join(lines));
            case 2:
                var j = random.Next(lines.Count);
                (lines[i], lines[j]) = (lines[j], lines[i]);
                return ("swap lines", Join(lines));
            case 3:
                lines[i] = ReplaceValue(lines[i], Pick(Scalars, random));
                return ("change scalar", Join(lines));
            case 4:
                lines.Insert(i, Indentation(lines[i]) + Pick(Keys, random) + ": " + Pick(Scalars, random));
                return ("insert key", Join(lines));
            case 5:
                var indent = Indentation(lines[i]).Length;
                lines[i] = random.Next(3) switch
                {
                    0 => new string(' ', random.Next(1, 4)) + lines[i],
                    1 => lines[i][Math.Min(indent, random.Next(1, 4))..],
                    _ => "\t" + lines[i].TrimStart(' '),
                };
                return ("bad indentation", Join(lines));
            case 6:
                return ("truncate", text[..random.Next(text.Length + 1)]);
            case 7:
                var at = random.Next(text.Length + 1);
                return ("odd unicode", text[..at] + Pick(OddText, random) + text[at..]);
            case 8:
                lines[i] = ReplaceValue(lines[i], random.Next(2) == 0 ? "1" + new string('0', random.Next(20, 400)) : "-" + new string('9', random.Next(19, 40)) + ".5e99999");
                return ("huge number", Join(lines));
            case 9:
                var depth = random.Next(20, 300);
                var nested = random.Next(2) == 0
                    ? new string('[', depth) + new string(']', depth)
                    : string.Concat(Enumerable.Repeat("{ a: ", depth)) + "1" + new string('}', depth);
                lines[i] = ReplaceValue(lines[i], nested);
                return ("deep nesting", Join(lines));
            default:
                var block = new StringBuilder();
                var levels = random.Next(10, 120);
                for (var level = 0; level < levels; level++) block.Append('\n').Append(' ', 2 * (level + 1)).Append("k").Append(level).Append(':');
                block.Append(" x");
                lines[i] += block.ToString();
                return ("deep block nesting", Join(lines));
        }
    }

    /// <summary>"  key: value" becomes "  key: replacement"; a line without a value gets one appended.</summary>
    private static string ReplaceValue(string line, string replacement)
    {
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? line + " " + replacement : line[..(colon + 2)] + replacement;
    }

    private static string Indentation(string line) => line[..(line.Length - line.TrimStart(' ').Length)];

    private static string Join(List<string> lines) => string.Join('\n', lines);

    private static string Pick(string[] values, Random random) => values[random.Next(values.Length)];
}
