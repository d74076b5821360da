namespace ClusterLocator.Fuzz.Checks;

/// <summary>A cluster the accepted requests imply is registered; null fields are not known to the model.</summary>
internal sealed record ModelEntry(string? Service, string? Incarnation);
