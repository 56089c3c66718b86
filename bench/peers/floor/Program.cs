// Peer (d), the floor: the least a NativeAOT program can do and still answer initialize over stdio. It reads one
// line, writes the bytes NativeMcp answered to the same request (Answer.g.cs), then waits for the end of its input
// (so that its peak RSS can be read, like every peer's, before the probe closes stdin).
using System;
using System.IO;

using var input = Console.OpenStandardInput();
var buffer = new byte[64 * 1024];
int read;
while ((read = input.Read(buffer, 0, buffer.Length)) > 0 && Array.IndexOf(buffer, (byte)'\n', 0, read) < 0) { }
using (var output = Console.OpenStandardOutput())
{
    output.Write(Peer.Answer.Initialize);
    output.Flush();
}
while (input.Read(buffer, 0, buffer.Length) > 0) { }
