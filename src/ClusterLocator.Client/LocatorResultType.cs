namespace ClusterLocator.Client;

/// <summary>What became of a question to the locators.</summary>
internal enum LocatorResultType
{
    /// <summary>A locator answered the question.</summary>
    Answered,

    /// <summary>A locator answered that no cluster of the service is eligible; every locator would say the same.</summary>
    NoEligibleCluster,

    /// <summary>A locator turned the question down as invalid; every locator would say the same.</summary>
    Rejected,

    /// <summary>A locator answered 401 or 403: it wants an identity, or another one.</summary>
    Denied,

    /// <summary>No locator answered in the contract's terms.</summary>
    Unavailable,
}
