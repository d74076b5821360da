using ClusterLocator.Client;

namespace ClusterLocator.Cli;

/// <summary>The tool's exit codes, the same for every command; <c>--help</c> ends with them (<see cref="Help"/>).</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;

    /// <summary>Failed at run time for another reason (a port in use, a session broken, a locator refusing the token…).</summary>
    public const int Failure = 1;

    /// <summary>Bad usage, from a flag, a variable or a configuration file: the reason and a <c>--help</c> hint go to stderr; nothing was started.</summary>
    public const int Usage = 2;

    /// <summary>A locator answered, and no cluster is eligible for the request (<c>locate</c>, <c>connect</c>).</summary>
    public const int NothingEligible = 3;

    /// <summary>No locator answered: each one given was unreachable, timed out, or failed (5xx, not the protocol).</summary>
    public const int LocatorUnreachable = 4;

    /// <summary>The table, as <c>--help</c> prints it and docs/operations.md documents it.</summary>
    public const string Help = """
        Exit codes:
          0  done
          1  failed for another reason (port in use, session broken, token refused...)
          2  bad usage: a flag, variable or configuration file is wrong; nothing was started
          3  nothing eligible: a locator answered that no cluster can take it (locate, connect)
          4  locator unreachable: no locator given answered (clusters, locate, connect, explain)
        """;

    /// <summary>The code for an exception a command got from the locators.</summary>
    public static int Of(Exception exception) => exception switch
    {
        NoEligibleClusterException => NothingEligible,
        LocatorUnavailableException => LocatorUnreachable,
        _ => Failure,
    };
}
