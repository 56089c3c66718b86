using System;
using System.Collections.Generic;
using System.Linq;
using NativeMcp.Generators.Common;

namespace NativeMcp.Generators.FrontEnds.OpenApi;

/// <summary>How the spec parser gets an <c>openapi</c> section imported.</summary>
internal interface IImports
{
    /// <summary>The outcome, or null when there is none to give (the section is only being recorded).</summary>
    ImportOutcome? Import(ImportOptions options, IReadOnlyCollection<string> takenNames);
}

/// <summary>Imports at once from the given files (the command-line tool, tests, and the generator's import step).</summary>
internal sealed class DirectImports(IDocumentSource source) : IImports
{
    public static readonly DirectImports None = new(DocumentSet.None);

    public ImportOutcome? Import(ImportOptions options, IReadOnlyCollection<string> takenNames) => Run(options, takenNames, source);

    /// <summary>The one way an import runs: on a copy of the options, reporting at the spec only by anchor.</summary>
    public static ImportOutcome Run(ImportOptions options, IEnumerable<string> takenNames, IDocumentSource source)
    {
        var taken = takenNames.ToList();
        var anchors = new SpecAnchors(options.Anchors());
        var result = OpenApiImporter.Import(source, options.Copy(), anchors, new HashSet<string>(taken, StringComparer.Ordinal));
        return new ImportOutcome(
            ImportRequest.KeyOf(options, taken),
            new EquatableArray<Model.ToolModel>(result.Tools.ToArray()),
            new EquatableArray<Model.EnvVarModel>(result.Env.ToArray()),
            result.Upstream,
            new EquatableArray<Declarations.OperationOutcome>(result.Outcomes.ToArray()),
            anchors.Diagnostics,
            new EquatableArray<Diagnostics.DiagnosticInfo>(result.Files.SelectMany(f => f.Reader.Diagnostics).ToArray()));
    }
}

/// <summary>Records each section as an <see cref="ImportRequest"/> and imports nothing: the generator's first pass over a spec.</summary>
internal sealed class ImportRecorder : IImports
{
    public List<ImportRequest> Requests { get; } = new();

    public ImportOutcome? Import(ImportOptions options, IReadOnlyCollection<string> takenNames)
    {
        Requests.Add(new ImportRequest(options, takenNames));
        return null;
    }
}

/// <summary>Serves each section from the imports the generator's import step made (and cached) for these requests.</summary>
internal sealed class CachedImports : IImports
{
    private readonly Dictionary<string, ImportOutcome> _outcomes = new(StringComparer.Ordinal);

    public CachedImports(IEnumerable<ImportOutcome> outcomes)
    {
        foreach (var outcome in outcomes) _outcomes[outcome.Key] = outcome;
    }

    // The requests come from the same spec text through the same parser, so a miss is a generator bug.
    public ImportOutcome? Import(ImportOptions options, IReadOnlyCollection<string> takenNames) =>
        _outcomes.TryGetValue(ImportRequest.KeyOf(options, takenNames), out var outcome)
            ? outcome
            : throw new KeyNotFoundException("no import was made for the openapi section of " + options.DocumentPath);
}
