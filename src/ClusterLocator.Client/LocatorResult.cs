using ClusterLocator.Protocol;

namespace ClusterLocator.Client;

/// <summary>
/// The outcome of asking the locators: the answer, the locator's refusal, or every locator's failure.
/// The call that asks reports what happened; its caller decides what that means to the user.
/// </summary>
/// <typeparam name="T">The answer asked for.</typeparam>
internal sealed class LocatorResult<T>
    where T : class
{
    private LocatorResult(LocatorResultType type, T? answer, Problem? problem, Uri? locator, IReadOnlyList<string> failures)
    {
        Type = type;
        Answer = answer;
        Problem = problem;
        Locator = locator;
        Failures = failures;
    }

    public LocatorResultType Type { get; }

    /// <summary>The answer; set when <see cref="Type"/> is <see cref="LocatorResultType.Answered"/>.</summary>
    public T? Answer { get; }

    /// <summary>The locator's problem; set when it said no cluster is eligible, rejected the question or denied access.</summary>
    public Problem? Problem { get; }

    /// <summary>The locator that gave the problem.</summary>
    public Uri? Locator { get; }

    /// <summary>What went wrong with each locator, in the order tried; set when none answered.</summary>
    public IReadOnlyList<string> Failures { get; }

    public static LocatorResult<T> ForAnswer(T answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new(LocatorResultType.Answered, answer, problem: null, locator: null, []);
    }

    public static LocatorResult<T> ForNoEligibleCluster(Problem problem, Uri locator) =>
        ForProblem(LocatorResultType.NoEligibleCluster, problem, locator);

    public static LocatorResult<T> ForRejected(Problem problem, Uri locator) =>
        ForProblem(LocatorResultType.Rejected, problem, locator);

    public static LocatorResult<T> ForDenied(Problem problem, Uri locator) =>
        ForProblem(LocatorResultType.Denied, problem, locator);

    public static LocatorResult<T> ForUnavailable(IReadOnlyList<string> failures)
    {
        ArgumentOutOfRangeException.ThrowIfZero(failures.Count);
        return new(LocatorResultType.Unavailable, answer: null, problem: null, locator: null, failures);
    }

    private static LocatorResult<T> ForProblem(LocatorResultType type, Problem problem, Uri locator)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(locator);
        return new(type, answer: null, problem, locator, []);
    }
}
