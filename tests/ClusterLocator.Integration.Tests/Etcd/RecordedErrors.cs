using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Integration.Tests.Etcd;

/// <summary>Collects every error a host logs, with its event name and exception, for tests that check what an operator reads.</summary>
internal sealed class RecordedErrors : ILoggerProvider
{
    public ConcurrentQueue<(string Event, string Message)> Entries { get; } = new();

    public int Count(string eventName) => Entries.Count(e => e.Event == eventName);

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(RecordedErrors errors) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                errors.Entries.Enqueue((eventId.Name ?? string.Empty, $"{formatter(state, exception)} {exception}"));
            }
        }
    }
}
