namespace ClusterLocator.Controller.Tests.Load;

/// <summary>
/// A cgroup mount and a /proc written by the test, in a temporary directory: what a container or a
/// host shows the controller, without needing either.
/// </summary>
internal sealed class FakeCgroupTree : IDisposable
{
    private const long Mib = 1024 * 1024;

    public FakeCgroupTree()
    {
        Root = Directory.CreateTempSubdirectory("cgroup-test-").FullName;
        Cgroup = Path.Combine(Root, "cgroup");
        Proc = Path.Combine(Root, "proc");
        Directory.CreateDirectory(Path.Combine(Proc, "self"));

        // A host that is half busy (busy 100 of 200 jiffies) with three quarters of its 4 GiB in use.
        HostCpu(busy: 100, idle: 100);
        Write(Path.Combine(Proc, "meminfo"), $"MemTotal:       {4096 * 1024} kB\nMemFree:        1 kB\nMemAvailable:   {1024 * 1024} kB\n");
        Write(Path.Combine(Proc, "self", "cgroup"), "0::/\n");
    }

    public string Root { get; }

    public string Cgroup { get; }

    public string Proc { get; }

    /// <summary>Makes the mount a cgroup v2 one, with the process in <paramref name="own"/>.</summary>
    public void V2(string own = "/")
    {
        Write(Path.Combine(Cgroup, "cgroup.controllers"), "cpu memory pids\n");
        Write(Path.Combine(Proc, "self", "cgroup"), $"0::{own}\n");
    }

    public void HostCpu(long busy, long idle) =>
        Write(Path.Combine(Proc, "stat"), $"cpu  {busy} 0 0 {idle} 0 0 0 0 0 0\ncpu0 {busy} 0 0 {idle} 0 0 0 0 0 0\n");

    public void File(string relative, string content) => Write(Path.Combine(Cgroup, relative), content);

    public static string MiB(long count) => (count * Mib).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static void Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
    }
}
