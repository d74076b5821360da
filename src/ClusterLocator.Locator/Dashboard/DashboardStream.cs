using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ClusterLocator.Locator.Registry;

namespace ClusterLocator.Locator.Dashboard;

/// <summary>
/// One page's stream: a frame now and one after every sample, each with what the page has not seen
/// (the samples since its last frame, new events). A full frame is sent first and whenever the
/// page's clusters change.
/// </summary>
internal sealed class DashboardStream(DashboardFrames frames, DashboardQuery query)
{
    /// <summary>The type of the server-sent events.</summary>
    public const string EventType = "frame";

    /// <summary>Every this many samples, the services are sent again (their counts change).</summary>
    private const int ServicesEvery = 5;

    /// <summary>The most events a full frame brings: the page shows the latest.</summary>
    private const int EventsInFullFrame = 50;

    private long _lastSample = -1;
    private long _lastEvent;
    private long _servicesSentAt = long.MinValue;
    private string[] _pageIds = [];

    /// <summary>The frames, as JSON, until <paramref name="cancellationToken"/> (the request's end) is canceled.</summary>
    public async IAsyncEnumerable<SseItem<string>> FramesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var next = frames.Sampler.NextSampleAsync(cancellationToken);
            yield return new SseItem<string>(JsonSerializer.Serialize(NextFrame(), DashboardJsonContext.Default.DashboardFrame), EventType);
            try
            {
                await next;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The page went away.
            }
        }
    }

    /// <summary>The next frame: what changed since the last one.</summary>
    internal DashboardFrame NextFrame()
    {
        var registry = frames.Registry;
        var (page, total, pageNumber) = PageOf(registry.Snapshot);
        var now = registry.Now;
        return frames.Sampler.Read(sampler =>
        {
            var clock = sampler.Clock;
            var ids = page.Select(e => e.ClusterId).ToArray();
            var full = _lastSample < 0 || _lastSample < clock.Oldest - 1 || !ids.SequenceEqual(_pageIds, StringComparer.Ordinal);
            var from = full ? clock.Oldest : _lastSample + 1;
            var count = (int)Math.Max(0, clock.Latest - from + 1);
            var times = new long[count];
            var fleet = new long[count];
            for (var i = 0; i < count; i++)
            {
                times[i] = clock.TimeOf(from + i);
                fleet[i] = sampler.FleetPlacementsAt(from + i);
            }

            var series = new Dictionary<string, ClusterPoints>(page.Count, StringComparer.Ordinal);
            var rows = new List<ClusterRow>(page.Count);
            foreach (var entry in page)
            {
                var track = sampler.TrackOf(entry.ClusterId);
                rows.Add(DashboardRows.RowOf(entry, registry, now, track?.PlacementsPerSecond ?? 0));
                series[entry.ClusterId] = PointsOf(track?.Series, from, count);
            }

            var sendServices = full || clock.Latest - _servicesSentAt >= ServicesEvery;
            var frame = new DashboardFrame
            {
                Full = full,
                Header = frames.Header(now),
                Services = sendServices ? sampler.Services : null,
                Page = new PageInfo(query.Service, pageNumber, query.PageSize, total),
                Rows = rows,
                Times = times,
                Fleet = fleet,
                Series = series,
                Events = sampler.Events.After(full ? 0 : _lastEvent, full ? EventsInFullFrame : EventRing.Capacity),
            };
            _lastSample = clock.Latest;
            _lastEvent = sampler.Events.Last;
            _pageIds = ids;
            if (sendServices)
            {
                _servicesSentAt = clock.Latest;
            }

            return frame;
        });
    }

    private static ClusterPoints PointsOf(ClusterSeries? series, long from, int count)
    {
        var health = new int?[count];
        var utilization = new int?[count];
        var placements = new int?[count];
        if (series is not null)
        {
            for (var i = 0; i < count; i++)
            {
                var sample = from + i;
                if (sample >= series.First)
                {
                    health[i] = ValueOf(series.HealthAt(sample));
                    utilization[i] = ValueOf(series.UtilizationAt(sample));
                    placements[i] = series.PlacementsAt(sample);
                }
            }
        }

        return new ClusterPoints(health, utilization, placements);
    }

    private static int? ValueOf(byte step) => step == ClusterSeries.Gap ? null : step;

    /// <summary>The page's entries (by service, then id), how many clusters the filter matches, and the page's number (the last when past it).</summary>
    private (List<ClusterEntry> Entries, int Total, int Page) PageOf(RegistrySnapshot snapshot)
    {
        IEnumerable<ClusterEntry[]> services = query.Service is { } service
            ? [snapshot.ClustersOf(service)]
            : snapshot.Services.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value.Entries);
        var lists = services.ToList();
        var total = lists.Sum(entries => entries.Length);
        var page = Math.Min(query.Page, Math.Max(0, (total - 1) / query.PageSize));
        var skip = (long)page * query.PageSize;
        var result = new List<ClusterEntry>(Math.Min(query.PageSize, total));
        foreach (var entries in lists)
        {
            if (skip >= entries.Length)
            {
                skip -= entries.Length;
                continue;
            }

            for (var i = (int)skip; i < entries.Length && result.Count < query.PageSize; i++)
            {
                result.Add(entries[i]);
            }

            skip = 0;
            if (result.Count == query.PageSize)
            {
                break;
            }
        }

        return (result, total, page);
    }
}
