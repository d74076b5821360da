using Microsoft.Extensions.Logging;

namespace ClusterLocator.Cli.Demo.Fleet;

/// <summary>
/// Where the logs of the demo's locator and controllers go: errors into the event log, the rest
/// nowhere. Their usual console logs would tear the live view apart, and the view already shows
/// what they would say.
/// </summary>
internal sealed class DemoLoggerProvider(DemoEvents events) : ILoggerProvider
{
    /// <summary>Replaces a host's logging with this provider.</summary>
    public void Configure(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Error);
        logging.AddProvider(this);
    }

    public ILogger CreateLogger(string categoryName) => new EventLogger(events, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void Dispose()
    {
    }

    private sealed class EventLogger(DemoEvents events, string source) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                events.Add($"{source}: {formatter(state, exception)}");
            }
        }
    }
}
