using ClusterLocator.Controller.Load;
using ClusterLocator.Controller.Members;
using ClusterLocator.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Controller.Tests.Load;

/// <summary>
/// CPU and memory against the limit that binds the process: a cgroup's quota and memory limit when
/// there is one, the machine's otherwise, over a cgroup mount and /proc written by the test.
/// </summary>
public sealed class HostUsageTests : IDisposable
{
    private readonly FakeCgroupTree _tree = new();
    private readonly FakeTimeProvider _time = new();
    private readonly ListLogger<HostUsage> _logger = new();
    private readonly ControllerOptions _options = new() { ClusterId = "a", Service = "erp" };

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Cpu_UnderV2Quota_IsTheShareOfTheQuotaUsed()
    {
        _tree.V2();
        _tree.File("cpu.max", "150000 100000\n");
        _tree.File("cpu.stat", "usage_usec 1000000\nuser_usec 800000\nsystem_usec 200000\n");
        var usage = Usage();

        // 1.5 s of CPU in 2 s of a 1.5-core quota: half of it; the host, idle, would say nothing.
        _tree.HostCpu(busy: 100, idle: 300);
        _tree.File("cpu.stat", "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\n");
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(0.5, usage.Cpu());
    }

    [Fact]
    public void Cpu_QuotaSpent_ReadsOne()
    {
        _tree.V2();
        _tree.File("cpu.max", "50000 100000\n");
        _tree.File("cpu.stat", "usage_usec 0\n");
        var usage = Usage();

        _tree.File("cpu.stat", "usage_usec 700000\n");
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, usage.Cpu());
    }

    [Fact]
    public void Memory_UnderV2Limit_IsTheWorkingSetOverTheLimit()
    {
        _tree.V2();
        _tree.File("memory.max", FakeCgroupTree.MiB(1024) + "\n");
        _tree.File("memory.current", FakeCgroupTree.MiB(600) + "\n");

        // Inactive page cache is reclaimed before the OOM killer acts: 600 − 88 = 512 MiB of 1 GiB.
        _tree.File("memory.stat", $"anon 100\nfile 200\ninactive_file {FakeCgroupTree.MiB(88)}\nactive_file 5\n");

        Assert.Equal(0.5, Usage().Memory());
    }

    [Fact]
    public void NoLimit_Max_FallsBackToTheHost()
    {
        _tree.V2();
        _tree.File("cpu.max", "max 100000\n");
        _tree.File("cpu.stat", "usage_usec 0\n");
        _tree.File("memory.max", "max\n");
        _tree.File("memory.current", FakeCgroupTree.MiB(1) + "\n");
        var usage = Usage();

        // The host: 300 busy of 400 more jiffies, and 3 of its 4 GiB in use.
        _tree.HostCpu(busy: 400, idle: 200);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0.75, usage.Cpu());
        Assert.Equal(0.75, usage.Memory());
        Assert.Contains("no cgroup quota", Assert.Single(_logger.Entries).Message);
    }

    [Fact]
    public void NoCgroup_FallsBackToTheHost()
    {
        var usage = Usage();
        _tree.HostCpu(busy: 200, idle: 200);

        Assert.Equal(0.5, usage.Cpu());
        Assert.Equal(0.75, usage.Memory());
        var message = Assert.Single(_logger.Entries).Message;
        Assert.Contains("no cgroup quota", message);
        Assert.Contains("no cgroup limit", message);
    }

    [Fact]
    public void LimitOnAParent_BindsTheProcess()
    {
        // A systemd unit in a slice that carries the limits: the unit's own cgroup has none.
        _tree.V2("/system.slice/clusterlocator-controller@a.service");
        _tree.File("system.slice/clusterlocator-controller@a.service/cpu.max", "max 100000\n");
        _tree.File("system.slice/clusterlocator-controller@a.service/memory.max", "max\n");
        _tree.File("system.slice/memory.max", FakeCgroupTree.MiB(200) + "\n");
        _tree.File("system.slice/memory.current", FakeCgroupTree.MiB(50) + "\n");

        Assert.Equal(0.25, Usage().Memory());
        Assert.Contains("200 MiB (" + Path.Combine(_tree.Cgroup, "system.slice") + ")", Assert.Single(_logger.Entries).Message);
    }

    [Fact]
    public void V1_QuotaAndLimit_AreUsed()
    {
        _tree.File("cpu/cpu.cfs_quota_us", "200000\n");
        _tree.File("cpu/cpu.cfs_period_us", "100000\n");
        _tree.File("cpuacct/cpuacct.usage", "0\n");
        _tree.File("memory/memory.limit_in_bytes", FakeCgroupTree.MiB(512) + "\n");
        _tree.File("memory/memory.usage_in_bytes", FakeCgroupTree.MiB(128) + "\n");
        _tree.File("memory/memory.stat", "cache 0\ntotal_inactive_file 0\n");
        var usage = Usage();

        // 1 s of CPU (in nanoseconds) in 1 s of a 2-core quota.
        _tree.File("cpuacct/cpuacct.usage", "1000000000\n");
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0.5, usage.Cpu());
        Assert.Equal(0.25, usage.Memory());
    }

    [Fact]
    public void Choice_IsLoggedOnceAtStart()
    {
        _tree.V2();
        _tree.File("cpu.max", "150000 100000\n");
        _tree.File("cpu.stat", "usage_usec 0\n");
        _tree.File("memory.max", FakeCgroupTree.MiB(512) + "\n");
        _tree.File("memory.current", "0\n");
        var usage = Usage();

        for (var i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            usage.Cpu();
            usage.Memory();
        }

        var (id, message) = Assert.Single(_logger.Entries);
        Assert.Equal(640, id.Id);
        Assert.Contains("cgroup quota of 1.5 core(s)", message);
        Assert.Contains("cgroup limit of 512 MiB", message);
    }

    [Fact]
    public void NoHostUsage_ReportsNothingAndLogsNothing()
    {
        _tree.V2();
        _tree.File("cpu.max", "150000 100000\n");
        _tree.File("cpu.stat", "usage_usec 0\n");
        _options.ReportHostUsage = false;
        var usage = Usage();
        var load = new ControllerLoadSource(_options, new SessionGate(10), new MemberSet([]), usage).GetLoad();

        Assert.Null(load.Cpu);
        Assert.Null(load.Memory);
        Assert.Empty(_logger.Entries);
    }

    private HostUsage Usage() => new(_options, _tree.Cgroup, _tree.Proc, _time, _logger);
}
