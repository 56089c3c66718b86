using System;
using System.Globalization;

namespace NativeMcp.Runtime.Sql;

/// <summary>A timeout as the spec writes it (500ms, 2s, 1.5m).</summary>
internal static class Durations
{
    public static string Text(TimeSpan value) =>
        value.TotalSeconds < 1 ? ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms"
        : value.TotalMinutes < 1 ? value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s"
        : value.TotalMinutes.ToString("0.###", CultureInfo.InvariantCulture) + "m";
}
