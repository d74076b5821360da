using ClusterLocator.Testing;

namespace ClusterLocator.Cli.Tests.Commands;

/// <summary>Runs the tool in this process, as a user's command line would.</summary>
internal static class CliRun
{
    /// <summary>The exit code and what the tool wrote to stderr.</summary>
    public static async Task<(int Code, string Stderr)> RunAsync(params string[] args)
    {
        var (code, _, stderr) = await WithOutputAsync(args);
        return (code, stderr);
    }

    /// <summary>The exit code and what the tool wrote to stdout and stderr.</summary>
    public static async Task<(int Code, string Stdout, string Stderr)> WithOutputAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error).DefaultTimeout();
        return (code, output.ToString(), error.ToString());
    }
}
