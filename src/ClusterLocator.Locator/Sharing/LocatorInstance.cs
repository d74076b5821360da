using System.Security.Cryptography;

namespace ClusterLocator.Locator.Sharing;

/// <summary>This run of the locator, as its peers know it: a random id made at start.</summary>
internal sealed class LocatorInstance
{
    /// <summary>16 hex digits: a valid identifier, and unlikely to meet another locator's.</summary>
    public string Id { get; } = RandomNumberGenerator.GetHexString(16, lowercase: true);
}
