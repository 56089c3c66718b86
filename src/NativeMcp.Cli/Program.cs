using System;
using NativeMcp.Cli;

return CommandLine.Run(args, Console.Out, Console.Error);
