using System.Globalization;

namespace ClusterLocator.Cli.Demo;

/// <summary>
/// What <c>clusterlocator demo</c> runs: the clusters and their capacities, how many virtual clients,
/// and when the victim's controller is killed and restarted.
/// </summary>
internal sealed class DemoPlan
{
    public const int MinClusters = 2;
    public const int MaxClusters = 9;
    public const string Service = "demo";

    /// <summary>Time for the crash at 40 %, the expiry one lease later, and the restart at 70 %, after it.</summary>
    public static readonly TimeSpan MinDuration = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The locator's report interval, adopted by every controller.
    /// Shorter than the 1 s default because the demo's sessions are short (about 300 ms): between two
    /// reports the locator counts every session it placed as still open, so with 1 s reports it would
    /// see clusters about four times as full as they are and turn sessions away as if they were full.
    /// </summary>
    public static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a report keeps a cluster placed: eight report intervals rather than the default three,
    /// so a live controller whose reports are held up on a busy machine (the demo's own clients share
    /// its cores) does not expire, while a killed one still leaves the placements within 2 s.
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);

    private DemoPlan(TimeSpan duration, int clusters)
    {
        Duration = duration;
        Clusters = [.. Enumerable.Range(1, clusters).Select(i => new DemoClusterSpec($"c{i}", 20 * i))];
        TotalCapacity = Clusters.Sum(c => c.Capacity);

        // A fifth of the capacity: the sessions plus those placed since the last report stay around half
        // of what is left after the victim dies, so no cluster fills up and no session has to fail.
        Clients = Math.Max(4, TotalCapacity / 5);

        // The middle cluster: the others keep room for its sessions while it is gone.
        Victim = Clusters[(clusters - 1) / 2].Id;
    }

    public TimeSpan Duration { get; }

    public IReadOnlyList<DemoClusterSpec> Clusters { get; }

    public int TotalCapacity { get; }

    /// <summary>Virtual clients, each opening one session after another.</summary>
    public int Clients { get; }

    /// <summary>The cluster whose controller is killed and restarted.</summary>
    public string Victim { get; }

    public TimeSpan CrashAt => Duration * 0.4;

    public TimeSpan RestartAt => Duration * 0.7;

    /// <summary>A plan, or the reasons the options are unusable, each naming its flag.</summary>
    public static DemoPlan? Create(TimeSpan duration, int clusters, out IReadOnlyList<string> errors)
    {
        errors = Validate(duration, clusters);
        return errors.Count == 0 ? new DemoPlan(duration, clusters) : null;
    }

    public static IReadOnlyList<string> Validate(TimeSpan duration, int clusters)
    {
        var errors = new List<string>();
        if (duration < MinDuration)
        {
            errors.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"--duration {duration.TotalSeconds:0.###}s is too short: give at least {MinDuration.TotalSeconds:0}s, so that the crash at 40 %, the cluster's expiry and its restart at 70 % fit."));
        }

        if (clusters is < MinClusters or > MaxClusters)
        {
            errors.Add($"--clusters {clusters} is out of range: give {MinClusters} to {MaxClusters} (one is killed midway, so at least one more must take its sessions).");
        }

        return errors;
    }

    public double CapacityShare(DemoClusterSpec cluster) => (double)cluster.Capacity / TotalCapacity;
}
