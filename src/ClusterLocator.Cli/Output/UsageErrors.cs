namespace ClusterLocator.Cli.Output;

/// <summary>Bad usage found after parsing: every problem, then where to read the usage; exit code 2.</summary>
internal static class UsageErrors
{
    public static async Task<int> WriteAsync(TextWriter error, string? command, IEnumerable<string> errors)
    {
        foreach (var message in errors)
        {
            await error.WriteLineAsync($"error: {message}");
        }

        await error.WriteLineAsync(command is null ? "Run 'clusterlocator --help' for usage." : $"Run 'clusterlocator {command} --help' for usage.");
        return ExitCodes.Usage;
    }
}
