using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using NativeMcp.Runtime.Serving;

namespace NativeMcp.Runtime.Http;

/// <summary>An accepted API key: its id (safe to log), its scopes, and only the SHA-256 of the key itself.</summary>
public sealed record ApiKey(string Id, byte[] Hash, IReadOnlySet<string> Scopes);

/// <summary>
/// The keys the HTTP endpoint accepts, loaded from an env value and/or a keys file, and kept hashed: the
/// plain keys are not held in memory after loading. Lookups compare hashes in constant time.
/// </summary>
/// <remarks>
/// Env value: entries separated by ';' or new lines, each <c>id:key[:scope,scope]</c>.
/// Keys file: one key a line, <c>id sha256:&lt;hex of the key's SHA-256&gt; [scope,scope]</c> (or <c>id key [scopes]</c>);
/// lines starting with '#' are comments. A key without scopes gets <c>read,write</c>.
/// </remarks>
public sealed class ApiKeys
{
    private static readonly IReadOnlySet<string> DefaultScopes = new HashSet<string> { ToolScopes.Read, ToolScopes.Write };
    private readonly List<ApiKey> _keys = new();

    public int Count => _keys.Count;

    /// <summary>The loaded keys (ids and hashes only).</summary>
    public IReadOnlyList<ApiKey> All => _keys;

    public static ApiKeys Load(string? inline, string? file)
    {
        var keys = new ApiKeys();
        if (!string.IsNullOrWhiteSpace(inline))
        {
            foreach (var entry in inline.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = entry.Split(':', 3);
                if (parts.Length < 2 || parts[0].Length == 0 || parts[1].Length == 0)
                {
                    throw new FormatException("an API key entry must be id:key[:scopes] (entry " + (keys.Count + 1) + ")");
                }
                keys.Add(parts[0], Hash(parts[1]), parts.Length > 2 ? parts[2] : null);
            }
        }
        if (!string.IsNullOrWhiteSpace(file))
        {
            var number = 0;
            foreach (var raw in File.ReadLines(file))
            {
                number++;
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#')) continue;
                var parts = line.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 2) throw new FormatException("keys file line " + number + ": expected 'id sha256:<hex> [scopes]'");
                var hash = parts[1].StartsWith("sha256:", StringComparison.Ordinal)
                    ? Convert.FromHexString(parts[1]["sha256:".Length..])
                    : Hash(parts[1]);
                if (hash.Length != 32) throw new FormatException("keys file line " + number + ": a sha256 hash has 64 hex digits");
                keys.Add(parts[0], hash, parts.Length > 2 ? parts[2] : null);
            }
        }
        return keys;
    }

    private void Add(string id, byte[] hash, string? scopes) =>
        _keys.Add(new ApiKey(id, hash, scopes is null
            ? DefaultScopes
            : new HashSet<string>(scopes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal)));

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>The key whose hash matches, comparing every stored hash in constant time.</summary>
    public ApiKey? Find(string presented)
    {
        var hash = Hash(presented);
        ApiKey? found = null;
        foreach (var key in _keys)
        {
            // No early exit: the time taken does not depend on which key (if any) matched.
            if (CryptographicOperations.FixedTimeEquals(key.Hash, hash)) found ??= key;
        }
        return found;
    }
}
