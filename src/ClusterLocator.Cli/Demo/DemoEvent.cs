using ClusterLocator.Cli.Demo.Views;

namespace ClusterLocator.Cli.Demo;

/// <summary>Something that happened during the demo, at its time since the start.</summary>
internal sealed record DemoEvent(TimeSpan At, string Text)
{
    public override string ToString() => $"{DemoFormat.Seconds(At),6} {Text}";
}
