using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;
using Perfolizer.Metrology;

namespace ClusterLocator.Benchmarks;

/// <summary>Runs the benchmarks picked by the command line (<c>--filter</c>, <c>--job</c>, …).</summary>
internal static class Program
{
    public static void Main(string[] args)
    {
        // Every figure in nanoseconds and bytes, units in the header only, so the tables read (and
        // bench/micro-section.sh parses them) the same whatever the magnitude. The median beside the
        // mean: on a shared VM one slow iteration moves the mean, hardly the median.
        var style = new SummaryStyle(
            CultureInfo.InvariantCulture,
            printUnitsInHeader: true,
            sizeUnit: SizeUnit.B,
            timeUnit: TimeUnit.Nanosecond,
            printUnitsInContent: false);
        var config = DefaultConfig.Instance
            .WithSummaryStyle(style)
            .AddColumn(StatisticColumn.Median)
            .HideColumns(Column.StdDev);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
