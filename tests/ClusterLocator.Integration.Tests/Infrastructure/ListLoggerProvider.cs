using System.Collections.Concurrent;
using ClusterLocator.Testing;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Integration.Tests.Infrastructure;

/// <summary>Keeps what a running locator logs, per category, for tests that count what an operator would read.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, ListLogger<object>> _loggers = new(StringComparer.Ordinal);

    /// <summary>The entries logged under <paramref name="category"/> so far.</summary>
    public IReadOnlyList<(EventId Id, string Message)> EntriesOf(string category) =>
        _loggers.TryGetValue(category, out var logger) ? logger.Entries : [];

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, _ => new ListLogger<object>());

    public void Dispose()
    {
    }
}
