using Google.Protobuf;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>Where the store keeps its keys and how long the leases that hold them last.</summary>
internal sealed class EtcdStoreSettings(string prefix, TimeSpan lease)
{
    /// <summary>Every cluster is one key under this prefix: <c>{prefix}clusters/{id}</c>.</summary>
    public string KeyPrefix { get; } = prefix + "clusters/";

    /// <summary>Every locator that announces itself to its peers is one key under this prefix: <c>{prefix}locators/{id}</c>.</summary>
    public string LocatorsPrefix { get; } = prefix + "locators/";

    /// <summary>The locator's lease: a cluster silent for longer is no longer kept alive by this locator.</summary>
    public TimeSpan Lease { get; } = lease;

    /// <summary>The lease in etcd's whole seconds, never shorter than <see cref="Lease"/>.</summary>
    public long LeaseTtlSeconds => Math.Max(1, (long)Math.Ceiling(Lease.TotalSeconds));

    /// <summary>How often the leases are renewed: three chances before one runs out.</summary>
    public TimeSpan KeepAliveInterval => Lease / 3;

    public ByteString KeyOf(string clusterId) => ByteString.CopyFromUtf8(KeyPrefix + clusterId);

    public string ClusterIdOf(ByteString key) => key.ToStringUtf8()[KeyPrefix.Length..];
}
