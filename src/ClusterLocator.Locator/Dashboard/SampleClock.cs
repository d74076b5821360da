namespace ClusterLocator.Locator.Dashboard;

/// <summary>
/// The sampler's clock: sample <c>n</c> is taken at <see cref="TimeOf"/>(<c>n</c>), one a second, and
/// the last <see cref="Length"/> are kept (15 minutes). Sample numbers only grow; a slot is a
/// number modulo the length. Written by the sampler only; read under the sampler's lock.
/// </summary>
internal sealed class SampleClock
{
    /// <summary>How many samples are kept: 15 minutes at one a second.</summary>
    public const int Length = 900;

    /// <summary>The time between samples.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly long[] _unixMs = new long[Length];

    /// <summary>The number of the latest sample; -1 before the first.</summary>
    public long Latest { get; private set; } = -1;

    /// <summary>The number of the oldest sample still kept; 0 before the first.</summary>
    public long Oldest => Math.Max(0, Latest - Length + 1);

    public static int SlotOf(long sample) => (int)(sample % Length);

    /// <summary>Starts the next sample, taken at <paramref name="unixMs"/>; returns its number.</summary>
    public long Next(long unixMs)
    {
        Latest++;
        _unixMs[SlotOf(Latest)] = unixMs;
        return Latest;
    }

    /// <summary>When sample <paramref name="sample"/> (one of those kept) was taken, in Unix milliseconds.</summary>
    public long TimeOf(long sample) => _unixMs[SlotOf(sample)];
}
