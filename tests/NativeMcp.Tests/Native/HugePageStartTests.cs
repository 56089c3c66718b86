using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.Native;

/// <summary>
/// NativeMcpHugePageStart (src/NativeMcp.Runtime/buildTransitive/NativeMcp.HugePageStart.c), seen from outside the
/// published LinkTime binary: by the time it answers <c>initialize</c>, the zero-filled mapping after its image is
/// wholly resident (faulted in at once, not page by page as the runtime touches it) and, where the kernel offers
/// transparent huge pages, backed by them for every whole 2 MB block the range holds (where ASLR put it decides
/// whether a 3.9 MB range holds one). Without the C file neither holds: the runtime's rehydration leaves 150 kB of
/// the range untouched, and nothing asks for huge pages.
/// </summary>
[Trait(TestGroups.Trait, TestGroups.Native)]
public sealed class HugePageStartTests
{
    [Fact]
    public async Task The_zero_filled_section_is_resident_at_once_and_on_huge_pages_where_the_kernel_has_them()
    {
        var binary = NativeBinary.LinkTimePath();
        await using var server = StdioProcess.Start(binary, new Dictionary<string, string> { ["LINKTIME_API_KEY"] = "lt_live_native" });
        await server.WriteAsync(StdioProcess.Initialize);
        Assert.Equal(0, server.Next().GetProperty("id").GetInt32());

        var zeroFill = ZeroFillMapping(server.Pid, Path.GetFullPath(binary));
        Assert.True(zeroFill.SizeKb >= 2048, $"expected the rehydrated section to be megabytes, found {zeroFill.SizeKb} kB");
        Assert.True(zeroFill.RssKb == zeroFill.SizeKb, $"the zero-filled mapping is {zeroFill.RssKb} of {zeroFill.SizeKb} kB resident: MADV_POPULATE_WRITE (Linux 5.14+) did not run");
        var hugePages = TransparentHugePages();
        var wholeBlocksKb = hugePages.Size == 0 ? 0 : (zeroFill.End / hugePages.Size - (zeroFill.Start + hugePages.Size - 1) / hugePages.Size) * (hugePages.Size / 1024);
        if (hugePages.Enabled && wholeBlocksKb > 0)
        {
            Assert.True(zeroFill.AnonHugePagesKb > 0, $"transparent huge pages are on and the mapping holds {wholeBlocksKb} kB of whole 2 MB blocks, but none is a huge page: MADV_HUGEPAGE did not run");
        }
    }

    /// <summary>Whether the kernel gives transparent huge pages to a range that asks (not <c>[never]</c>), and their size.</summary>
    private static (bool Enabled, long Size) TransparentHugePages()
    {
        const string folder = "/sys/kernel/mm/transparent_hugepage/";
        if (!File.Exists(folder + "enabled")) return (false, 0);
        return (!File.ReadAllText(folder + "enabled").Contains("[never]"), long.Parse(File.ReadAllText(folder + "hpage_pmd_size").Trim()));
    }

    /// <summary>
    /// The anonymous mapping that starts where the executable's last file-backed mapping ends: the loader's
    /// zero-filled pages for .bss and the runtime's .hydrated section.
    /// </summary>
    private static (long Start, long End, long SizeKb, long RssKb, long AnonHugePagesKb) ZeroFillMapping(int pid, string binary)
    {
        var lines = File.ReadAllLines($"/proc/{pid}/smaps");
        var imageEnd = "";
        for (var i = 0; i < lines.Length; i++)
        {
            var fields = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 5 || !fields[0].Contains('-') || fields[1].Length != 4) continue; // a field line, not a mapping
            var range = fields[0].Split('-');
            if (fields.Length >= 6 && fields[5] == binary)
            {
                imageEnd = range[1];
            }
            else if (imageEnd != "" && range[0] == imageEnd)
            {
                var body = lines.Skip(i + 1).TakeWhile(l => l.Contains(':') && !l.Contains('-')).ToList();
                long Field(string name) => long.Parse(body.First(l => l.StartsWith(name + ":")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
                return (Convert.ToInt64(range[0], 16), Convert.ToInt64(range[1], 16), Field("Size"), Field("Rss"), Field("AnonHugePages"));
            }
        }
        throw new InvalidOperationException($"no anonymous mapping right after {binary}'s image in /proc/{pid}/smaps");
    }
}
