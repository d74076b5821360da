namespace ClusterLocator.Locator.Sharing;

/// <summary>The other locators this one shares its placement counts with.</summary>
internal interface IPeerDirectory
{
    /// <summary>The peers' base URLs, as of now.</summary>
    IReadOnlyList<Uri> Peers { get; }
}
