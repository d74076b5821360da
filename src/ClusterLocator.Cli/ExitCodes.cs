namespace ClusterLocator.Cli;

/// <summary>The tool's exit codes, the same for every command.</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;

    /// <summary>Failed at run time (unreachable locator, nothing eligible, port in use…).</summary>
    public const int Failure = 1;

    /// <summary>Bad usage: the reason and a <c>--help</c> hint go to stderr.</summary>
    public const int Usage = 2;
}
