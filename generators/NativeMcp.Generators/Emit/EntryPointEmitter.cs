using NativeMcp.Generators.Common;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Generators.Emit;

/// <summary><c>Main</c> for the host executable (only when the project sets NativeMcpEntryPoint=true).</summary>
internal static class EntryPointEmitter
{
    public static string Emit(SpecModel spec)
    {
        var w = new SourceWriter().Header();
        w.Line("namespace NativeMcp.Generated;");
        w.Line();
        w.Line("internal static class Program");
        w.Line("{");
        w.Line("private static global::System.Threading.Tasks.Task<int> Main(string[] args)");
        w.Line("{");
        // The binary is also the supervisor of its own stdio children (their whole tree ends with it).
        w.Line("if (args.Length > 0 && args[0] == global::NativeMcp.Runtime.Gateway.ChildSupervisor.Flag) return global::System.Threading.Tasks.Task.FromResult(global::NativeMcp.Runtime.Gateway.ChildSupervisor.Run(args));");
        w.Line("global::NativeMcp.Runtime.Gateway.ChildSupervisor.UseThisExecutable();");
        w.Line("return global::NativeMcp.Runtime.Hosting.ServerHost.RunAsync(global::" + spec.Names.Namespace + "." + spec.Names.ServerClass + ".Definition, args);");
        w.Line("}");
        w.Line("}");
        return w.ToString();
    }
}
