namespace ClusterLocator.Locator.Registry;

/// <summary>The outcomes of <see cref="ClusterRegistry.RemoveAsync"/>.</summary>
internal enum RemoveOutcome : byte
{
    /// <summary>The cluster was the incarnation named, and is gone.</summary>
    Removed,

    /// <summary>No such cluster: nothing to do.</summary>
    Unknown,

    /// <summary>A newer instance replaced the one named, and it stays.</summary>
    OtherIncarnation,
}
