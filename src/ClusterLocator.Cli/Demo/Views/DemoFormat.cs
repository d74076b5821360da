using System.Globalization;

namespace ClusterLocator.Cli.Demo.Views;

/// <summary>How the demo prints its figures, the same in the live view, the plain lines and the summary.</summary>
internal static class DemoFormat
{
    /// <summary>What is printed for a figure not known (yet).</summary>
    public const string None = "-";

    /// <summary><paramref name="text"/> with numbers in the invariant culture, whatever the terminal's.</summary>
    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A number in <paramref name="format"/>, or <see cref="None"/>.</summary>
    public static string Number(double? value, string format = "0") => value?.ToString(format, CultureInfo.InvariantCulture) ?? None;

    /// <summary>A cluster's health, 0 to 1 in hundredths.</summary>
    public static string Health(double? health) => Number(health, "0.00");

    /// <summary>A share (0 to 1) as a percentage: <c>42%</c>, or <c>42.0%</c> with <paramref name="format"/> <c>0.0</c>.</summary>
    public static string Percent(double share, string format = "0") => Number(share * 100, format) + "%";

    /// <summary>A time in seconds: <c>12.3s</c>.</summary>
    public static string Seconds(TimeSpan time, string format = "0.0") => Number(time.TotalSeconds, format) + "s";

    /// <summary>A latency in milliseconds: <c>1.2 ms</c>, or <c>- ms</c> before the first.</summary>
    public static string Milliseconds(double? milliseconds) => Number(milliseconds, "0.0") + " ms";
}
