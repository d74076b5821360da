using System.Diagnostics;
using System.Diagnostics.Metrics;
using ClusterLocator.Locator.Registry;
using Microsoft.AspNetCore.Http;

namespace ClusterLocator.Locator.Diagnostics;

/// <summary>
/// The locator's traces (activity source <see cref="SourceName"/>): one <c>locate</c> activity per
/// locate, tagged with its result and the cluster chosen. The caller's trace context
/// (<c>traceparent</c>) is its parent, so a slow session start can be followed from the client
/// through the locator. Nothing is made while nobody listens.
/// </summary>
internal static class LocatorActivities
{
    /// <summary>The name of the activity source, to add to a tracer (<c>AddSource</c>).</summary>
    public const string SourceName = "ClusterLocator.Locator";

    /// <summary>The name of the activity of one locate.</summary>
    public const string LocateActivity = "locate";

    /// <summary>The tag of the answer: placed, unavailable, warming_up, invalid, rate_limited…</summary>
    public const string ResultTag = "clusterlocator.result";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Runs <paramref name="locate"/> inside a <c>locate</c> activity, timed into <paramref name="duration"/>.</summary>
    public static Task TraceAsync(HttpContext context, RequestDelegate locate, Histogram<double> duration, long start)
    {
        // ASP.NET Core's hosting makes a request activity, from the caller's traceparent, only when
        // something listens to it; otherwise this one reads the caller's context itself.
        var activity = Activity.Current is null && ParentOf(context.Request.Headers) is { } parent
            ? Source.StartActivity(LocateActivity, ActivityKind.Server, parent)
            : Source.StartActivity(LocateActivity, Activity.Current is null ? ActivityKind.Server : ActivityKind.Internal);
        if (activity is null)
        {
            return LocatorMetrics.Timed(locate(context), duration, start);
        }

        try
        {
            var handled = locate(context);
            return handled.IsCompleted ? Stopped(handled, activity, duration, start) : StopWhenDoneAsync(handled, activity, duration, start);
        }
        finally
        {
            // The handler's synchronous part is over: the caller's context is current again.
            Activity.Current = activity.Parent;
        }
    }

    /// <summary>Tags the current locate activity, if any, with <paramref name="result"/>.</summary>
    public static void Located(string result)
    {
        if (Current() is { } activity)
        {
            activity.SetTag(ResultTag, result);
        }
    }

    /// <summary>Tags the current locate activity, if any, with the cluster chosen.</summary>
    public static void Placed(ClusterEntry cluster)
    {
        if (Current() is { } activity)
        {
            activity.SetTag(LocatorMetrics.ServiceLabel, cluster.Service);
            activity.SetTag(LocatorMetrics.ClusterLabel, cluster.ClusterId);
        }
    }

    private static Activity? Current() =>
        Source.HasListeners() && Activity.Current is { } activity && ReferenceEquals(activity.Source, Source) ? activity : null;

    private static ActivityContext? ParentOf(IHeaderDictionary headers)
    {
        DistributedContextPropagator.Current.ExtractTraceIdAndState(
            headers,
            static (object? carrier, string name, out string? value, out IEnumerable<string>? values) =>
            {
                values = null;
                var found = ((IHeaderDictionary)carrier!)[name];
                value = found.Count > 0 ? found[0] : null;
            },
            out var traceParent,
            out var traceState);
        return ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent) ? parent : null;
    }

    private static Task Stopped(Task handled, Activity activity, Histogram<double> duration, long start)
    {
        if (handled.IsFaulted)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }

        activity.Dispose();
        return LocatorMetrics.Timed(handled, duration, start);
    }

    private static async Task StopWhenDoneAsync(Task handled, Activity activity, Histogram<double> duration, long start)
    {
        try
        {
            await handled;
        }
        catch
        {
            activity.SetStatus(ActivityStatusCode.Error);
            throw;
        }
        finally
        {
            activity.Dispose();
            duration.Record(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
    }
}
