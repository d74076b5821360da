namespace ClusterLocator.Locator.Sharing;

/// <summary>The other locators this one shares its placement counts with.</summary>
internal interface IPeerDirectory
{
    /// <summary>The base URL of every peer known now; never this locator itself.</summary>
    IReadOnlyList<Uri> Peers { get; }
}
