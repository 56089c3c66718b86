using System;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;

namespace NativeMcp.Runtime.Sql;

/// <summary>
/// Where SQLite's native code comes from. A NativeAOT publish links the system's static libsqlite3 into the binary
/// when the build machine has it (Debian: libsqlite3-dev; see buildTransitive/NativeMcp.Aot.props): one file, no
/// library beside it. Otherwise (JIT, tests, a machine without the static library) the P/Invokes bind at run time
/// to the system's libsqlite3, by its development name or the runtime package's <c>libsqlite3.so.0</c>.
/// </summary>
internal static class SqliteNative
{
    private static int _initialized;

    public static void EnsureInitialized()
    {
        if (Interlocked.Exchange(ref _initialized, 1) == 1) return;
        var provider = new SQLitePCL.SQLite3Provider_sqlite3();
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(SQLitePCL.SQLite3Provider_sqlite3).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // A resolver is already set for the provider's assembly (the host's own): that one decides.
        }
        SQLitePCL.raw.SetProvider(provider);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != "sqlite3") return IntPtr.Zero;
        foreach (var candidate in new[] { "libsqlite3.so", "libsqlite3.so.0", "libsqlite3.dylib", "sqlite3", "winsqlite3" })
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle)) return handle;
        }
        return IntPtr.Zero;
    }
}
