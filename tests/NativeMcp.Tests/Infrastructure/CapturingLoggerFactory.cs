using System;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace NativeMcp.Tests.Infrastructure;

/// <summary>Keeps every log line the MCP server writes, at every level, so tests can search them.</summary>
public sealed class CapturingLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(logLevel + " " + category + ": " + formatter(state, exception) + (exception is null ? "" : " " + exception));
    }
}
