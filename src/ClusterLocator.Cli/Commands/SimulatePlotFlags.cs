using System.CommandLine;
using System.Globalization;
using ClusterLocator.Cli.Output;
using ClusterLocator.Locator.Simulation;

namespace ClusterLocator.Cli.Commands;

/// <summary>
/// <c>--plot FILE.svg|png</c> and <c>--plot-size</c> of <c>simulate</c>: after the table or JSON,
/// the results drawn side by side into an image, with the command line that made them as caption.
/// </summary>
internal sealed class SimulatePlotFlags
{
    private const int DefaultWidth = 1200;
    private const int DefaultHeight = 800;
    private const int MinWidth = 400;
    private const int MinHeight = 300;
    private const int MaxSide = 8000;

    public SimulatePlotFlags()
    {
        Plot.Validators.Add(result =>
        {
            var file = result.GetValueOrDefault<FileInfo?>();
            if (file is null)
            {
                return;
            }

            if (FormatOf(file) is null)
            {
                result.AddError($"--plot '{file}' has the extension '{file.Extension}': use .svg or .png, which decides the format.");
            }
            else if (file.Directory is { Exists: false } folder)
            {
                result.AddError($"--plot '{file}': the folder '{folder.FullName}' does not exist: create it or write the plot elsewhere.");
            }
        });
    }

    /// <summary>The image to write; <see langword="null"/> when not asked for.</summary>
    public Option<FileInfo?> Plot { get; } = new("--plot")
    {
        Description = "Also draw the results into FILE, the policies side by side: mean time in system (as a ratio to jsq when it ran), its 99th percentile, and each cluster's share of the placements against its share of the capacity. The extension decides the format: .svg (small, text stays text) or .png.",
        HelpName = "FILE",
    };

    /// <summary>The image's size in pixels.</summary>
    public Option<(int Width, int Height)> Size { get; } = new("--plot-size")
    {
        Description = $"The size of the --plot image in pixels, WIDTHxHEIGHT, from {MinWidth}x{MinHeight} to {MaxSide}x{MaxSide}. [default: {DefaultWidth}x{DefaultHeight}]",
        HelpName = "WxH",
        CustomParser = result =>
        {
            var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            var parts = token.Split('x');
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var height)
                && width is >= MinWidth and <= MaxSide
                && height is >= MinHeight and <= MaxSide)
            {
                return (width, height);
            }

            result.AddError($"--plot-size '{token}' is not a size: use WIDTHxHEIGHT in pixels, from {MinWidth}x{MinHeight} to {MaxSide}x{MaxSide} (default {DefaultWidth}x{DefaultHeight}).");
            return default;
        },
    };

    /// <summary>Adds the flags to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Plot);
        command.Options.Add(Size);
    }

    /// <summary>
    /// Writes the plot when <c>--plot</c> was given: the exit code, <see cref="ExitCodes.Failure"/>
    /// with the reason on <paramref name="error"/> when the image cannot be drawn or written. The
    /// caption leaves out the flags of <paramref name="notInCaption"/>, which did not shape the run.
    /// </summary>
    public async Task<int> WriteAsync(
        ParseResult parsed, IReadOnlyList<SimulationResult> results, IReadOnlySet<Option> notInCaption, TextWriter error, CancellationToken cancellationToken)
    {
        var file = parsed.GetValue(Plot);
        if (file is null || results.Count == 0)
        {
            return ExitCodes.Success;
        }

        byte[] image;
        try
        {
            var font = SimulationPlot.FindFont();
            if (font is null)
            {
                await error.WriteLineAsync("error: --plot needs a font to draw its text, and this machine has none: install one (on Debian, apt-get install fonts-dejavu-core).");
                return ExitCodes.Failure;
            }

            var (width, height) = parsed.GetResult(Size) is null ? (DefaultWidth, DefaultHeight) : parsed.GetValue(Size);
            image = SimulationPlot.Draw(FormatOf(file)!.Value, results, Caption(parsed, notInCaption), font, width, height);
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException)
        {
            await error.WriteLineAsync($"error: --plot could not load its drawing library (SkiaSharp's native part) on this machine: {ex.GetBaseException().Message}");
            return ExitCodes.Failure;
        }

        try
        {
            await File.WriteAllBytesAsync(file.FullName, image, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: --plot '{file.FullName}' cannot be written: {ex.Message}");
            return ExitCodes.Failure;
        }

        return ExitCodes.Success;
    }

    private static PlotFormat? FormatOf(FileInfo file) => file.Extension.ToUpperInvariant() switch
    {
        ".SVG" => PlotFormat.Svg,
        ".PNG" => PlotFormat.Png,
        _ => null,
    };

    // Every flag of the command that shaped the run with the value it ran with, defaults included,
    // so the caption reproduces the run whichever flags the command has.
    private string Caption(ParseResult parsed, IReadOnlySet<Option> notInCaption)
    {
        var command = parsed.CommandResult.Command;
        var words = new List<string> { $"clusterlocator {command.Name}" };
        foreach (var option in command.Options.Where(o => o != Plot && o != Size && o.Name != "--json" && !notInCaption.Contains(o)))
        {
            var value = parsed.GetResult(option)?.GetValueOrDefault<object?>();
            switch (value)
            {
                case null or false:
                    break;
                case true:
                    words.Add(option.Name);
                    break;
                case Enum name:
                    words.Add($"{option.Name} {name.ToString().ToLowerInvariant()}");
                    break;
                case IFormattable number:
                    words.Add($"{option.Name} {number.ToString(null, CultureInfo.InvariantCulture)}");
                    break;
                case System.Collections.IEnumerable items and not string:
                    words.Add($"{option.Name} {string.Join(',', items.Cast<object>())}");
                    break;
                default:
                    words.Add($"{option.Name} {value}");
                    break;
            }
        }

        return string.Join(' ', words);
    }
}
