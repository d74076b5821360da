namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// What an <see cref="EtcdPrefixWatcher"/> keeps up to date: every key under <see cref="KeyPrefix"/>
/// as read at one revision, then every change to them in revision order.
/// </summary>
internal interface IEtcdPrefixView
{
    /// <summary>The prefix watched.</summary>
    string KeyPrefix { get; }

    /// <summary>Every key under the prefix, as read at one revision (at start, and after a compaction).</summary>
    void Loaded(IEnumerable<Mvccpb.KeyValue> keys);

    /// <summary>What the watch saw, in revision order.</summary>
    void Watched(IEnumerable<Mvccpb.Event> events);
}
