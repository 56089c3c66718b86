using System.Collections.Generic;
using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Model;

namespace NativeMcp.Generators.Resolution;

/// <summary>
/// The initialize result without its protocolVersion (the host puts the negotiated one first), written once at
/// compile time: everything in it is known then, so the stdio host answers initialize without building the tools.
/// </summary>
internal static class InitializeJson
{
    public static string Write(SpecModel spec)
    {
        var server = spec.Server;
        var capabilities = new List<string> { "\"logging\":{}", "\"tools\":{}" };
        if (spec.HasResources) capabilities.Add("\"resources\":{}");
        if (spec.HasPrompts) capabilities.Add("\"prompts\":{}");
        if (HasCompletions(spec)) capabilities.Add("\"completions\":{}");
        var info = "\"name\":" + JsonText.String(server.Name)
            + (server.Title is null ? "" : ",\"title\":" + JsonText.String(server.Title))
            + ",\"version\":" + JsonText.String(server.Version);
        var text = "\"capabilities\":{" + string.Join(",", capabilities) + "},\"serverInfo\":{" + info + "}";
        return server.Instructions is null ? text : text + ",\"instructions\":" + JsonText.String(server.Instructions);
    }

    /// <summary>Whether any resource or prompt argument declares completions (then completion/complete is served).</summary>
    public static bool HasCompletions(SpecModel spec) =>
        spec.Resources.Any(r => !r.Complete.IsEmpty) || spec.Prompts.Any(p => p.Arguments.Any(a => a.Complete is not null));
}
