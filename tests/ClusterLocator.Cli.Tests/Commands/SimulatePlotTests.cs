using System.Buffers.Binary;
using System.Xml.Linq;
using ClusterLocator.Testing;

namespace ClusterLocator.Cli.Tests.Commands;

public sealed class SimulatePlotTests : IDisposable
{
    private static readonly string[] Quick = ["simulate", "--clusters", "5", "--arrivals", "2000", "--warm-up", "200"];

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("simulate-plot-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task Plot_Svg_IsWellFormedXmlNamingEveryPolicy()
    {
        var path = Path.Combine(_folder.FullName, "balance.svg");

        var (code, _, stderr) = await CliRun.WithOutputAsync([.. Quick, "--policy", "jsq,best,p2c,round-robin,random", "--plot", path]);

        Assert.True(code == ExitCodes.Success, stderr);
        var texts = SvgTexts(path);
        Assert.All(["jsq", "best", "p2c", "round-robin", "random"], policy => Assert.Contains(policy, texts));
        Assert.Contains(texts, t => t.Contains("--clusters 5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plot_ManyClusters_DrawsTheSortedShareCurve()
    {
        var path = Path.Combine(_folder.FullName, "many.svg");

        var (code, _, stderr) = await CliRun.WithOutputAsync("simulate", "--clusters", "60", "--arrivals", "2000", "--warm-up", "200", "--policy", "best,random", "--plot", path);

        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains(SvgTexts(path), t => t.Contains("60 clusters sorted", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("640x480", 640, 480)]
    [InlineData(null, 1200, 800)]
    public async Task Plot_Png_HasTheSignatureAndTheRequestedSize(string? size, int width, int height)
    {
        var path = Path.Combine(_folder.FullName, "balance.PNG");
        string[] sizeFlag = size is null ? [] : ["--plot-size", size];

        var (code, _, stderr) = await CliRun.WithOutputAsync([.. Quick, "--policy", "best,jsq", "--plot", path, .. sizeFlag]);

        Assert.True(code == ExitCodes.Success, stderr);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal<byte>([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    [Fact]
    public async Task Plot_LeavesTheTableAndJsonAsTheyAre()
    {
        string[] run = [.. Quick, "--policy", "best,jsq"];
        var path = Path.Combine(_folder.FullName, "same.svg");

        var table = await CliRun.WithOutputAsync(run);
        var tableWithPlot = await CliRun.WithOutputAsync([.. run, "--plot", path]);
        var json = await CliRun.WithOutputAsync([.. run, "--json"]);
        var jsonWithPlot = await CliRun.WithOutputAsync([.. run, "--json", "--plot", path]);

        Assert.Equal(table.Stdout, tableWithPlot.Stdout);
        Assert.Equal(json.Stdout, jsonWithPlot.Stdout);
        Assert.True(File.Exists(path));
    }

    [Theory]
    [InlineData("balance.pdf", "extension '.pdf': use .svg or .png")]
    [InlineData("balance", "extension '': use .svg or .png")]
    [InlineData("missing/balance.svg", "does not exist: create it")]
    public async Task Plot_BadPath_ExitsWithUsageNamingPlot(string name, string expected)
    {
        var path = Path.Combine(_folder.FullName, name);

        var (code, stdout, stderr) = await CliRun.WithOutputAsync([.. Quick, "--plot", path]);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--plot", stderr, StringComparison.Ordinal);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("640")]
    [InlineData("10x10")]
    [InlineData("640x-480")]
    public async Task PlotSize_Bad_ExitsWithUsageNamingIt(string size)
    {
        var (code, _, stderr) = await CliRun.WithOutputAsync([.. Quick, "--plot", Path.Combine(_folder.FullName, "p.png"), "--plot-size", size]);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains($"--plot-size '{size}'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plot_Unwritable_FailsNamingPlotAfterPrintingTheTable()
    {
        // A folder where the file should be: cannot be written, even by root.
        var path = Directory.CreateDirectory(Path.Combine(_folder.FullName, "taken.svg")).FullName;

        var (code, stdout, stderr) = await CliRun.WithOutputAsync([.. Quick, "--policy", "best", "--plot", path]);

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains($"--plot '{path}' cannot be written", stderr, StringComparison.Ordinal);
        Assert.Contains("best", stdout, StringComparison.Ordinal);
    }

    private static List<string> SvgTexts(string path)
    {
        var svg = XDocument.Load(path);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Root!.Name);
        return [.. svg.Descendants(ns + "text").Select(t => t.Value.Trim())];
    }
}
