using System.Text.RegularExpressions;
using ClusterLocator.Integration.Tests.Infrastructure;

namespace ClusterLocator.Integration.Tests.Deploy;

/// <summary>
/// The flags that <c>deploy/compose.yaml</c> and the systemd units pass to the CLI exist: a renamed
/// flag breaks this test rather than an operator's deployment.
/// </summary>
public sealed partial class DeployedFlagsTests
{
    [Fact]
    public async Task ComposeAndSystemdUnits_UseOnlyFlagsTheCliHas()
    {
        var deploy = Path.Combine(RepositoryPaths.Root(), "deploy");
        List<(string Source, string Command, string Flags)> uses = [];
        foreach (Match command in ComposeCommand().Matches(await File.ReadAllTextAsync(Path.Combine(deploy, "compose.yaml"))))
        {
            uses.Add(("compose.yaml", command.Groups["command"].Value, command.Groups["args"].Value));
        }

        foreach (var unit in Directory.GetFiles(Path.Combine(deploy, "systemd"), "*.service"))
        {
            foreach (Match command in ExecStart().Matches(await File.ReadAllTextAsync(unit)))
            {
                uses.Add((Path.GetFileName(unit), command.Groups["command"].Value, command.Groups["args"].Value));
            }
        }

        Assert.Equal(["controller", "locator"], uses.Select(u => u.Command).Distinct().Order());
        foreach (var group in uses.GroupBy(u => u.Command))
        {
            var (code, help, stderr) = await CliProcess.RunAsync(group.Key, "--help");
            Assert.True(code == 0, stderr);
            foreach (var (source, _, args) in group)
            {
                var flags = Flag().Matches(args).Select(m => m.Value).ToList();
                Assert.NotEmpty(flags);
                Assert.All(flags, flag => Assert.True(Regex.IsMatch(help, $@"(?<![\w-]){Regex.Escape(flag)}(?![\w-])"), $"{source}: 'clusterlocator {group.Key}' has no flag {flag}."));
            }
        }
    }

    [GeneratedRegex(@"command: \[(?<command>locator|controller),(?<args>[^\]]*)\]")]
    private static partial Regex ComposeCommand();

    [GeneratedRegex(@"^ExecStart=\S+ (?<command>locator|controller) (?<args>.*)$", RegexOptions.Multiline)]
    private static partial Regex ExecStart();

    [GeneratedRegex(@"--[a-z][a-z-]+")]
    private static partial Regex Flag();
}
