using ClusterLocator.Protocol;

namespace ClusterLocator.Client;

/// <summary>A locator's answer to a locate: a placement, or the problem that kept it from placing.</summary>
public sealed class LocateResult
{
    private LocateResult(Placement? placement, Problem? problem, Uri locator)
    {
        Placement = placement;
        Problem = problem;
        Locator = locator;
    }

    /// <summary>Where to open the session; null when <see cref="Problem"/> is set.</summary>
    public Placement? Placement { get; }

    /// <summary>Why no cluster was given (for instance none eligible, or the locator warming up).</summary>
    public Problem? Problem { get; }

    /// <summary>The locator that answered.</summary>
    public Uri Locator { get; }

    /// <summary>Whether a placement was given.</summary>
    public bool IsPlaced => Placement is not null;

    /// <summary>A placement.</summary>
    public static LocateResult ForPlacement(Placement placement, Uri locator) => new(placement, null, locator);

    /// <summary>A problem answered by a locator.</summary>
    public static LocateResult ForProblem(Problem problem, Uri locator) => new(null, problem, locator);
}
