using System.Globalization;

namespace ClusterLocator.Cli.Demo;

/// <summary>Something that happened during the demo, at its time since the start.</summary>
internal sealed record DemoEvent(TimeSpan At, string Text)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{At.TotalSeconds,5:0.0}s {Text}");
}
