using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using ClusterLocator.Locator.Diagnostics;

namespace ClusterLocator.Locator.Dashboard;

/// <summary>
/// Reads two instruments of this locator's meter (<see cref="LocatorMetrics.MeterName"/>, made by
/// this container's <see cref="IMeterFactory"/>, so a second locator in the process is not mixed
/// in) by name: the placements counter, counted per cluster for the placement plots, and the locate
/// latency histogram <see cref="LocateDuration"/>, for the 99th percentile. An instrument that does
/// not exist is simply not read: the page shows no figure for it.
/// </summary>
/// <remarks>
/// A listener rather than counts kept by the locate path: the meter is the one place that already
/// sees every placement, and the registry replaces a cluster's entry (and its count) on every report,
/// several times a second in the demo.
/// </remarks>
internal sealed class LocatorMeterReader : IDisposable
{
    /// <summary>The histogram of locate latencies, in seconds.</summary>
    public const string LocateDuration = "clusterlocator.locate.duration";

    private readonly MeterListener _listener = new();
    private readonly IMeterFactory _meters;
    private readonly ConcurrentDictionary<string, StrongBox<long>> _placements = new(StringComparer.Ordinal);
    private volatile bool _hasLatency;

    public LocatorMeterReader(IMeterFactory meters)
    {
        _meters = meters;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name != LocatorMetrics.MeterName || !ReferenceEquals(instrument.Meter.Scope, _meters))
            {
                return;
            }

            if (instrument.Name == LocatorMetrics.PlacementsInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
            else if (instrument.Name == LocateDuration)
            {
                _hasLatency = true;
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnPlaced);
        _listener.SetMeasurementEventCallback<double>((_, seconds, _, _) => Latency.Record(seconds));
        _listener.Start();
    }

    /// <summary>The locate latencies; empty until the histogram exists and a locate is measured.</summary>
    public LatencyWindow Latency { get; } = new();

    /// <summary>Whether the meter has the locate latency histogram.</summary>
    public bool HasLatency => _hasLatency;

    /// <summary>The sessions placed on <paramref name="clusterId"/> since the last call for it.</summary>
    public long TakePlacements(string clusterId) =>
        _placements.TryGetValue(clusterId, out var count) ? Interlocked.Exchange(ref count.Value, 0) : 0;

    /// <summary>Forgets the counts of clusters that <paramref name="isKnown"/> says are gone.</summary>
    public void Forget(Func<string, bool> isKnown)
    {
        foreach (var clusterId in _placements.Keys)
        {
            if (!isKnown(clusterId))
            {
                _placements.TryRemove(clusterId, out _);
            }
        }
    }

    private void OnPlaced(Instrument instrument, long sessions, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        foreach (var tag in tags)
        {
            // The cluster label, under its name of either generation of the metrics.
            if (tag.Key is "cluster_id" or "cluster" && tag.Value is string clusterId)
            {
                var count = _placements.GetOrAdd(clusterId, static _ => new StrongBox<long>());
                Interlocked.Add(ref count.Value, sessions);
                return;
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
