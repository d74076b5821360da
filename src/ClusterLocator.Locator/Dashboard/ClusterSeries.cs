namespace ClusterLocator.Locator.Dashboard;

/// <summary>
/// One cluster's last <see cref="SampleClock.Length"/> samples (15 minutes at one a second) in
/// fixed arrays: health, utilization and sessions placed in that second. A sample is kept in the
/// slot of its number, so every cluster's series lines up with the sampler's clock.
/// </summary>
/// <remarks>
/// Health and utilization are kept in steps of 1/<see cref="Steps"/> (a byte each), placements in a
/// <see cref="ushort"/>, saturated: 4 bytes a sample, 3.6 KB a cluster, 36 MB at 10 000 clusters.
/// A plot needs no finer step. Written by the sampler only; read under the sampler's lock.
/// </remarks>
internal sealed class ClusterSeries
{
    /// <summary>The steps of health and utilization in [0, 1]: 200, so a step is half a percent.</summary>
    public const int Steps = 200;

    /// <summary>The health and utilization of a sample when the cluster was expired: no value, a gap in the plot.</summary>
    public const byte Gap = byte.MaxValue;

    private readonly byte[] _health = new byte[SampleClock.Length];
    private readonly byte[] _utilization = new byte[SampleClock.Length];
    private readonly ushort[] _placements = new ushort[SampleClock.Length];

    /// <param name="first">The number of the first sample this cluster has.</param>
    public ClusterSeries(long first) => First = first;

    /// <summary>The number of the first sample this cluster has; older slots belong to no sample of it.</summary>
    public long First { get; }

    /// <summary>
    /// Puts sample <paramref name="sample"/> in its slot, over the one <see cref="SampleClock.Length"/>
    /// samples older; a null health and utilization (an expired cluster's) are kept as <see cref="Gap"/>.
    /// </summary>
    public void Set(long sample, double? health, double? utilization, long placements)
    {
        var slot = SampleClock.SlotOf(sample);
        _health[slot] = health is { } h ? Step(h) : Gap;
        _utilization[slot] = utilization is { } u ? Step(u) : Gap;
        _placements[slot] = (ushort)Math.Clamp(placements, 0, ushort.MaxValue);
    }

    /// <summary>Health at <paramref name="sample"/>, in steps of 1/<see cref="Steps"/>, or <see cref="Gap"/>.</summary>
    public byte HealthAt(long sample) => _health[SampleClock.SlotOf(sample)];

    /// <summary>Utilization at <paramref name="sample"/>, in steps of 1/<see cref="Steps"/>, or <see cref="Gap"/>.</summary>
    public byte UtilizationAt(long sample) => _utilization[SampleClock.SlotOf(sample)];

    /// <summary>Sessions placed in the second that ended at <paramref name="sample"/>.</summary>
    public ushort PlacementsAt(long sample) => _placements[SampleClock.SlotOf(sample)];

    /// <summary>The value in steps of 1/<see cref="Steps"/>; NaN and out-of-range values are clamped.</summary>
    public static byte Step(double value) => double.IsNaN(value) ? (byte)0 : (byte)Math.Round(Math.Clamp(value, 0, 1) * Steps);
}
