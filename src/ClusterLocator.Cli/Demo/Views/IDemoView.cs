namespace ClusterLocator.Cli.Demo.Views;

/// <summary>Shows the demo as it runs: a live terminal view, or plain lines.</summary>
internal interface IDemoView
{
    /// <summary>Shows <paramref name="run"/> until <paramref name="cancellationToken"/> ends, then shows it once more and returns.</summary>
    Task RunAsync(DemoRun run, CancellationToken cancellationToken);
}
