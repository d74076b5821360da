using System.Diagnostics.Metrics;

namespace ClusterLocator.Integration.Tests.Etcd;

/// <summary>
/// Sums <c>clusterlocator.background.restarts</c> by task, as one host's meter factory records it:
/// in-process hosts each have their own factory, so another host's restarts are not counted.
/// </summary>
internal sealed class RestartCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public RestartCounter(IMeterFactory meterFactory, string meterName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meterFactory && instrument.Meter.Name == meterName && instrument.Name == "clusterlocator.background.restarts")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var task = string.Empty;
            foreach (var tag in tags)
            {
                if (tag.Key == "task")
                {
                    task = tag.Value as string ?? string.Empty;
                }
            }

            lock (_counts)
            {
                _counts[task] = _counts.GetValueOrDefault(task) + value;
            }
        });
        _listener.Start();
    }

    public long Of(string task)
    {
        lock (_counts)
        {
            return _counts.GetValueOrDefault(task);
        }
    }

    public void Dispose() => _listener.Dispose();
}
