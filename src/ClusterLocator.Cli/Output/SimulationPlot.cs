using System.Globalization;
using System.Text;
using ClusterLocator.Locator.Simulation;
using ScottPlot;
using SkiaSharp;

namespace ClusterLocator.Cli.Output;

/// <summary>
/// Draws the results of <c>clusterlocator simulate</c>, the policies side by side: the mean time in
/// system (as a ratio to <c>jsq</c> when it ran), its 99th percentile, and each cluster's share of
/// the placements against its share of the capacity; the run's parameters go in a caption.
/// </summary>
internal static class SimulationPlot
{
    /// <summary>Up to this many clusters, the shares are drawn per cluster; beyond, as a sorted curve.</summary>
    private const int MaxClustersPerBar = 50;

    // The first installed of these: sans-serif reads better in small labels than ScottPlot's pick,
    // which can be a serif face.
    private static readonly string[] PreferredFonts = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica"];

    private const float CaptionFontSize = 13;
    private const float CaptionLineHeight = 18;
    private const float Margin = 10;

    /// <summary>
    /// The font family the plot's text is drawn in, or <see langword="null"/> when the machine has none:
    /// the text is measured to lay the plot out, even in an SVG, so no font means no text at all.
    /// </summary>
    public static string? FindFont()
    {
        var installed = SKFontManager.Default.FontFamilies.Where(name => name.Length > 0).Order(StringComparer.Ordinal);
        return PreferredFonts.Concat(installed).FirstOrDefault(HasGlyphs);
    }

    private static bool HasGlyphs(string family)
    {
        using var typeface = SKFontManager.Default.MatchFamily(family);
        return typeface is { GlyphCount: > 0 };
    }

    /// <summary>The image of <paramref name="results"/> in <paramref name="format"/>, <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    public static byte[] Draw(PlotFormat format, IReadOnlyList<SimulationResult> results, string caption, string font, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfZero(results.Count);
        if (format == PlotFormat.Svg)
        {
            using var stream = new MemoryStream();
            using (var canvas = SKSvgCanvas.Create(SKRect.Create(width, height), stream))
            {
                Render(canvas, results, caption, font, width, height);
            }

            // A viewer without the font measured here falls back to a sans-serif face, not to its
            // default serif one.
            var svg = Encoding.UTF8.GetString(stream.ToArray())
                .Replace($"font-family=\"{font}\"", $"font-family=\"{font}, sans-serif\"", StringComparison.Ordinal);
            return Encoding.UTF8.GetBytes(svg);
        }

        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        Render(surface.Canvas, results, caption, font, width, height);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static void Render(SKCanvas canvas, IReadOnlyList<SimulationResult> results, string caption, string font, int width, int height)
    {
        canvas.Clear(SKColors.White);
        using var typeface = SKFontManager.Default.MatchFamily(font);
        using var captionFont = new SKFont(typeface, CaptionFontSize);
        var lines = Wrap(caption, captionFont, width - (2 * Margin));
        var plotsBottom = height - (lines.Count * CaptionLineHeight) - Margin;
        var topBottom = plotsBottom * 0.45f;

        RenderIn(canvas, MeanPlot(results), font, new PixelRect(0, width / 2f, topBottom, 0));
        RenderIn(canvas, P99Plot(results), font, new PixelRect(width / 2f, width, topBottom, 0));
        RenderIn(canvas, SharePlot(results), font, new PixelRect(0, width, plotsBottom, topBottom));

        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        for (var i = 0; i < lines.Count; i++)
        {
            canvas.DrawText(lines[i], Margin, plotsBottom + ((i + 1) * CaptionLineHeight), SKTextAlign.Left, captionFont, paint);
        }
    }

    // A plot clears the whole canvas before it draws: the clip keeps it to its own rectangle.
    private static void RenderIn(SKCanvas canvas, Plot plot, string font, PixelRect rect)
    {
        plot.Font.Set(font);
        plot.Axes.Left.TickGenerator = NumericTicks();
        foreach (var bars in plot.GetPlottables<ScottPlot.Plottables.BarPlot>())
        {
            bars.ValueLabelStyle.FontName = font;
        }

        canvas.Save();
        canvas.ClipRect(rect.ToSKRect());
        plot.Render(canvas, rect);
        canvas.Restore();
    }

    private static Plot MeanPlot(IReadOnlyList<SimulationResult> results)
    {
        var jsq = results.FirstOrDefault(r => r.Policy == SimulationPolicies.ShortestQueue);
        var plot = PolicyBars(results, r => jsq is null ? r.MeanTimeInSystem : r.MeanTimeInSystem / jsq.MeanTimeInSystem, jsq is null ? "F3" : "0.00'×'");
        if (jsq is null)
        {
            plot.Title("Mean time in system");
            plot.YLabel("time units (1 = one service)");
        }
        else
        {
            plot.Title("Mean time in system, as a ratio to jsq");
            plot.YLabel(string.Create(CultureInfo.InvariantCulture, $"× jsq's {jsq.MeanTimeInSystem:F3}"));
            plot.Add.HorizontalLine(1, width: 1, color: Colors.Black, pattern: LinePattern.Dashed);
        }

        return plot;
    }

    private static Plot P99Plot(IReadOnlyList<SimulationResult> results)
    {
        var plot = PolicyBars(results, r => r.P99TimeInSystem, "F2");
        plot.Title("99th percentile of time in system");
        plot.YLabel("time units (1 = one service)");
        return plot;
    }

    private static Plot PolicyBars(IReadOnlyList<SimulationResult> results, Func<SimulationResult, double> value, string format)
    {
        var plot = new Plot();
        var bars = results.Select((result, i) => new Bar
        {
            Position = i,
            Value = value(result),
            FillColor = PolicyColor(i),
            Label = value(result).ToString(format, CultureInfo.InvariantCulture),
        }).ToList();
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, results.Count).Select(i => (double)i)], [.. results.Select(r => r.Policy)]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.XLabel("policy");
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.HideGrid();
        return plot;
    }

    private static Plot SharePlot(IReadOnlyList<SimulationResult> results)
    {
        var plot = new Plot();
        var clusters = results[0].CapacityShare.Length;
        if (clusters <= MaxClustersPerBar)
        {
            SharesPerCluster(plot, results, clusters);
        }
        else
        {
            SortedShareRatios(plot, results, clusters);
        }

        plot.ShowLegend(Edge.Right);
        return plot;
    }

    // A group of bars per cluster, one per policy, and the cluster's capacity share as a black mark
    // across its group: a policy that places in proportion to capacity reaches the mark everywhere.
    private static void SharesPerCluster(Plot plot, IReadOnlyList<SimulationResult> results, int clusters)
    {
        var width = 0.8 / results.Count;
        for (var p = 0; p < results.Count; p++)
        {
            var bars = plot.Add.Bars(results[p].PlacementShare.Select((share, c) => new Bar
            {
                Position = c + 1 - 0.4 + ((p + 0.5) * width),
                Value = share * 100,
                Size = width,
                FillColor = PolicyColor(p),
                LineWidth = 0,
            }).ToList());
            bars.LegendText = results[p].Policy;
        }

        for (var c = 0; c < clusters; c++)
        {
            var mark = plot.Add.Line(c + 1 - 0.45, results[0].CapacityShare[c] * 100, c + 1 + 0.45, results[0].CapacityShare[c] * 100);
            mark.Color = Colors.Black;
            mark.LineWidth = 2;
            mark.LegendText = c == 0 ? "capacity share" : "";
        }

        plot.Title("Each cluster's share of the placements, against its share of the capacity");
        plot.XLabel("cluster");
        plot.Axes.Bottom.TickGenerator = NumericTicks(integers: true);
        plot.YLabel("% of placements");
        plot.Axes.Margins(bottom: 0);
        plot.Axes.SetLimitsX(0.5, clusters + 0.5);
    }

    // Per policy, each cluster's placement share divided by its capacity share, sorted: a policy that
    // places in proportion to capacity is a flat line at 1, one that overloads a few starts high.
    private static void SortedShareRatios(Plot plot, IReadOnlyList<SimulationResult> results, int clusters)
    {
        var ranks = Enumerable.Range(1, clusters).Select(r => (double)r).ToArray();
        for (var p = 0; p < results.Count; p++)
        {
            var ratios = results[p].PlacementShare
                .Select((share, c) => results[p].CapacityShare[c] > 0 ? share / results[p].CapacityShare[c] : 0)
                .OrderDescending()
                .ToArray();
            var line = plot.Add.ScatterLine(ranks, ratios, PolicyColor(p));
            line.LineWidth = 2;
            line.LegendText = results[p].Policy;
        }

        var proportional = plot.Add.HorizontalLine(1, width: 1, color: Colors.Black, pattern: LinePattern.Dashed);
        proportional.LegendText = "in proportion";
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"Each cluster's share of the placements ÷ its share of the capacity, {clusters} clusters sorted"));
        plot.XLabel("clusters, from the most to the least placed on for their capacity");
        plot.YLabel("placement share ÷ capacity share");
        plot.Axes.Bottom.TickGenerator = NumericTicks(integers: true);
    }

    // Without minor ticks: each is a path of its own in an SVG, and they would make most of its size.
    private static ScottPlot.TickGenerators.NumericAutomatic NumericTicks(bool integers = false) => new()
    {
        IntegerTicksOnly = integers,
        MinorTickGenerator = new ScottPlot.TickGenerators.EvenlySpacedMinorTickGenerator(1),
    };

    private static Color PolicyColor(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    // The caption is a command line: it breaks between flags, so each line can be read on its own.
    private static List<string> Wrap(string caption, SKFont font, float width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in caption.Split(" --"))
        {
            var candidate = line.Length == 0 ? word : $"{line} --{word}";
            if (line.Length > 0 && font.MeasureText(candidate) > width)
            {
                lines.Add(line);
                candidate = "--" + word;
            }

            line = candidate;
        }

        lines.Add(line);
        return lines;
    }
}
