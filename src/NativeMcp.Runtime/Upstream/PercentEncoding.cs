using System.Text;

namespace NativeMcp.Runtime.Upstream;

/// <summary>RFC 3986 percent-encoding of UTF-8 text: unreserved characters stay, and reserved ones too when allowed.</summary>
public static class PercentEncoding
{
    /// <summary>RFC 3986 section 2.2: gen-delims and sub-delims.</summary>
    private const string Reserved = ":/?#[]@!$&'()*+,;=";

    public static string Encode(string value, bool allowReserved = false)
    {
        var plain = true;
        foreach (var c in value)
        {
            if (!Keeps(c, allowReserved))
            {
                plain = false;
                break;
            }
        }
        if (plain) return value;
        var text = new StringBuilder(value.Length + 16);
        Append(text, value, allowReserved);
        return text.ToString();
    }

    public static void Append(StringBuilder text, string value, bool allowReserved = false)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        foreach (var b in bytes)
        {
            var c = (char)b;
            if (b < 0x80 && Keeps(c, allowReserved)) text.Append(c);
            else text.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 15]);
        }
    }

    private static bool Keeps(char c, bool allowReserved) =>
        c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '.' or '_' or '~'
        || (allowReserved && Reserved.IndexOf(c) >= 0);
}
