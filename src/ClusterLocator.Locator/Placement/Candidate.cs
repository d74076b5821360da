namespace ClusterLocator.Locator.Placement;

/// <summary>An eligible cluster as a policy sees it.</summary>
/// <param name="Index">Its index in the service's entries.</param>
/// <param name="Health">Its current health, in (0,1].</param>
/// <param name="Capacity">Its reported capacity.</param>
/// <param name="NextHealth">Its health once it has taken the session being placed.</param>
internal readonly record struct Candidate(int Index, double Health, int Capacity, double NextHealth);
