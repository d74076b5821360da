namespace ClusterLocator.Protocol.Supervision;

/// <summary>Makes a fresh <see cref="ExponentialBackoffPolicy"/> for each run of failures of one loop.</summary>
internal sealed class ExponentialBackoffPolicyFactory(Random random, TimeSpan initial, TimeSpan max)
{
    public IBackoffPolicy Create() => new ExponentialBackoffPolicy(random, initial, max);
}
