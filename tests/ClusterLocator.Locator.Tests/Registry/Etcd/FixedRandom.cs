namespace ClusterLocator.Locator.Tests.Registry.Etcd;

/// <summary>A random source that always draws <paramref name="value"/>, so a jittered wait is known.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;

    protected override double Sample() => value;
}
