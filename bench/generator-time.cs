#:property PublishAot=false
#:property ImplicitUsings=enable
#:package Microsoft.CodeAnalysis.CSharp
#:package YamlDotNet
#:project ../generators/NativeMcp.Generators/NativeMcp.Generators.csproj
// Generation time for one spec that imports an OpenAPI document: the generator driver run N times from nothing
// (a fresh driver each time: parse, import, resolve, emit), then once after an unrelated edit to the spec.
//   dotnet run bench/generator-time.cs -- <spec.yaml> <document> [runs]
// Prints the median and range of wall and CPU (user+sys) time per run, the time of each tracked step, and each
// tracked step's reasons after the edit.
using System.Diagnostics;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: generator-time <spec.yaml> <document> [runs]");
    return 2;
}
var specPath = Path.GetFullPath(args[0]);
var documentPath = Path.GetFullPath(args[1]);
var runs = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
var spec = new Text(specPath, File.ReadAllText(specPath));
var document = new Text(documentPath, File.ReadAllText(documentPath));
var compilation = CSharpCompilation.Create("Bench", new[] { CSharpSyntaxTree.ParseText("class A { }") },
    new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) }, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create(
    new[] { new NativeMcp.Generators.SpecGenerator().AsSourceGenerator() }, new AdditionalText[] { spec, document },
    new CSharpParseOptions(LanguageVersion.Latest), new Options(specPath, documentPath),
    new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

var wall = new List<double>();
var cpu = new List<double>();
GeneratorDriver driver = NewDriver();
var self = Process.GetCurrentProcess();
GeneratorRunResult? steps = null;
for (var i = 0; i <= runs; i++)
{
    self.Refresh();
    var cpu0 = self.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    driver = NewDriver().RunGenerators(compilation);
    clock.Stop();
    self.Refresh();
    // The first run also JIT-compiles the generator: reported apart, not in the median.
    if (i == 0)
    {
        var first = driver.GetRunResult();
        foreach (var d in first.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Info)) Console.WriteLine(d);
        Console.WriteLine($"first run (JIT included): {clock.Elapsed.TotalMilliseconds:F0} ms; {first.Results[0].GeneratedSources.Length} sources, {first.Diagnostics.Length} diagnostics");
        continue;
    }
    wall.Add(clock.Elapsed.TotalMilliseconds);
    cpu.Add((self.TotalProcessorTime - cpu0).TotalMilliseconds);
    if (i == 1) steps = driver.GetRunResult().Results[0];
}
// Where the time goes, from the first timed run: each tracked step's time summed over its runs, largest first.
Console.WriteLine("time per tracked step (first timed run):");
foreach (var (step, total) in steps!.Value.TrackedSteps.Concat(steps.Value.TrackedOutputSteps)
    .Select(s => (s.Key, Total: s.Value.Sum(r => r.ElapsedTime.TotalMilliseconds)))
    .OrderByDescending(s => s.Total).Take(12))
{
    Console.WriteLine($"  {step}: {total:F0} ms");
}
string Stats(List<double> xs) { xs.Sort(); return $"median {xs[xs.Count / 2]:F0} ms (range {xs[0]:F0}-{xs[^1]:F0})"; }
Console.WriteLine($"{runs} runs from nothing: wall {Stats(wall)}, CPU {Stats(cpu)}");

// An unrelated edit: the server's description line changes (appended comment), nothing the import reads.
var edited = new Text(specPath, spec.Content + "# edited\n");
var clock2 = Stopwatch.StartNew();
driver = driver.ReplaceAdditionalText(spec, edited).RunGenerators(compilation);
clock2.Stop();
Console.WriteLine($"after an unrelated edit to the spec: {clock2.Elapsed.TotalMilliseconds:F0} ms");
foreach (var (step, outputs) in driver.GetRunResult().Results[0].TrackedSteps.OrderBy(s => s.Key, StringComparer.Ordinal))
{
    Console.WriteLine($"  {step}: {string.Join(", ", outputs.SelectMany(o => o.Outputs).GroupBy(o => o.Reason).Select(g => g.Key + " x" + g.Count()))}");
}
return 0;

sealed class Text(string path, string content) : AdditionalText
{
    public string Content => content;
    public override string Path => path;
    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(content, Encoding.UTF8);
}

sealed class Options(string spec, string document) : AnalyzerConfigOptionsProvider
{
    private static readonly AnalyzerConfigOptions None = new Values(new Dictionary<string, string>());
    public override AnalyzerConfigOptions GlobalOptions => None;
    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;
    // The metadata the NativeMcp build glue gives a spec and the OpenAPI files below its folder.
    public override AnalyzerConfigOptions GetOptions(AdditionalText file) =>
        file.Path == spec ? new Values(new() { ["build_metadata.AdditionalFiles.NativeMcpSpec"] = "true" })
        : file.Path == document ? new Values(new() { ["build_metadata.AdditionalFiles.NativeMcpOpenApi"] = "true" })
        : None;

    private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
