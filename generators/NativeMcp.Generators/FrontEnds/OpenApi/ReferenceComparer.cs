using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace NativeMcp.Generators.FrontEnds.OpenApi;

/// <summary>Nodes by identity: YamlDotNet's nodes compare by content, and two equal <c>$ref</c>s are two places.</summary>
internal sealed class ReferenceComparer<T> : IEqualityComparer<T>
    where T : class
{
    public static readonly ReferenceComparer<T> Instance = new();

    public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

    public int GetHashCode(T obj) => RuntimeHelpers.GetHashCode(obj);
}
