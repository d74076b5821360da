using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterLocator.Testing;

namespace ClusterLocator.Protocol.Tests;

public class ProtocolJsonContextTests
{
    private static readonly ProtocolJsonContext Json = ProtocolJsonContext.Default;

    [Fact]
    public void ClusterReport_RoundTrips()
    {
        var report = Reports.Create(sessions: 120, cpu: 0.35, memory: 0.5, healthyMembers: 2, members: 3, zone: "eu-1", seq: 42, health: 0.8, http: "http://10.0.0.5:9002");

        var back = JsonSerializer.Deserialize(JsonSerializer.Serialize(report, Json.ClusterReport), Json.ClusterReport);

        Assert.NotNull(back);
        Assert.Equal(report.Endpoints, back.Endpoints);
        Assert.Equal(report with { Endpoints = back.Endpoints }, back);
    }

    [Fact]
    public void ClusterReport_WritesCamelCaseNames()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(Reports.Create(healthyMembers: 1, members: 1, zone: "z"), Json.ClusterReport))!.AsObject();

        Assert.Equal(
            new[] { "service", "incarnation", "seq", "endpoints", "zone", "state", "load" },
            json.Select(p => p.Key).ToArray());
        Assert.Equal(
            new[] { "sessions", "capacity", "healthyMembers", "members" },
            json["load"]!.AsObject().Select(p => p.Key).ToArray());
        Assert.Equal(
            new[] { "protocol", "address" },
            json["endpoints"]![0]!.AsObject().Select(p => p.Key).ToArray());
    }

    [Fact]
    public void ClusterReport_OmitsNulls()
    {
        var json = JsonSerializer.Serialize(Reports.Create(), Json.ClusterReport);

        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"zone\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"health\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"cpu\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ClusterReport_DesignExample_Reads()
    {
        const string Body = """
            { "service": "erp", "incarnation": "9f2c", "seq": 42,
              "endpoints": [ { "protocol": "tcp", "address": "10.0.0.5:9001" },
                             { "protocol": "http", "address": "http://10.0.0.5:9002" } ],
              "zone": "eu-1", "state": "active",
              "load": { "sessions": 120, "capacity": 1000, "cpu": 0.35, "memory": 0.50,
                        "healthyMembers": 3, "members": 3 } }
            """;

        var report = JsonSerializer.Deserialize(Body, Json.ClusterReport)!;

        Assert.Equal("erp", report.Service);
        Assert.Equal(42, report.Seq);
        Assert.Equal(new ClusterEndpoint("http", "http://10.0.0.5:9002"), report.Endpoints![1]);
        Assert.Equal(0.35, report.Load!.Cpu);
        Assert.Equal(3, report.Load.HealthyMembers);
        Assert.Null(report.Health);
    }

    [Fact]
    public void ClusterReport_UnknownProperties_AreIgnored()
    {
        const string Body = """{ "service": "erp", "future": { "x": [1, 2] }, "load": { "capacity": 5, "gpu": 0.5 }, "Extra": null }""";

        var report = JsonSerializer.Deserialize(Body, Json.ClusterReport)!;

        Assert.Equal("erp", report.Service);
        Assert.Equal(5, report.Load!.Capacity);
    }

    [Fact]
    public void ClusterReport_MissingFields_ReadAsNullForTheValidator()
    {
        var report = JsonSerializer.Deserialize("{}", Json.ClusterReport)!;

        Assert.Null(report.Service);
        Assert.Null(report.Seq);
        Assert.Null(report.Load);
    }

    [Theory]
    [InlineData("""{ "seq": "42" }""")]
    [InlineData("""{ "seq": 42 /* comment */ }""")]
    [InlineData("""{ "health": NaN }""")]
    public void ClusterReport_NonNumbersOrComments_AreRefused(string body)
    {
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(body, Json.ClusterReport));
    }

    [Fact]
    public void Placement_WritesTheContractShape()
    {
        var json = JsonSerializer.Serialize(new LocateResponse("a", "tcp", "10.0.0.5:9001", 0.82, 5000, Stale: false), Json.LocateResponse);

        Assert.Equal("""{"clusterId":"a","protocol":"tcp","address":"10.0.0.5:9001","health":0.82,"ttlMs":5000,"stale":false}""", json);
    }

    [Fact]
    public void Placement_RoundTrips()
    {
        var placement = new LocateResponse("a", "http", "http://h:1", 0.5, 1000, Stale: true);

        Assert.Equal(placement, JsonSerializer.Deserialize(JsonSerializer.Serialize(placement, Json.LocateResponse), Json.LocateResponse));
    }

    [Fact]
    public void ReportAccepted_WritesCamelCase()
    {
        Assert.Equal(
            """{"health":0.5,"leaseMs":3000,"reportIntervalMs":1000}""",
            JsonSerializer.Serialize(new ReportAccepted(0.5, 3000, 1000), Json.ReportAccepted));
    }

    [Fact]
    public void Problem_WithoutErrors_OmitsErrors()
    {
        var json = JsonSerializer.Serialize(new Problem { Title = "t", Status = 503, Detail = "d" }, Json.Problem);

        Assert.Equal("""{"type":"about:blank","title":"t","status":503,"detail":"d"}""", json);
    }

    [Fact]
    public void Problem_WithErrors_RoundTrips()
    {
        var problem = new Problem { Title = "Invalid", Status = 400, Detail = "2 errors", Errors = ["one", "two"] };

        var back = JsonSerializer.Deserialize(JsonSerializer.Serialize(problem, Json.Problem), Json.Problem)!;

        Assert.Equal(problem.Title, back.Title);
        Assert.Equal(problem.Status, back.Status);
        Assert.Equal(problem.Errors, back.Errors);
    }

    [Fact]
    public void ClusterList_RoundTripsWithCamelCaseViews()
    {
        var view = new ClusterView
        {
            ClusterId = "a",
            Service = "erp",
            State = ClusterStates.Active,
            Health = 0.82,
            Eligible = true,
            LastReportAgeMs = 310,
            PlacedSinceReport = 4,
            Endpoints = [new ClusterEndpoint("tcp", "h:1")],
            Load = new ClusterLoad { Sessions = 1, Capacity = 10 },
        };

        var json = JsonSerializer.Serialize(new ClusterList([view]), Json.ClusterList);
        var back = JsonSerializer.Deserialize(json, Json.ClusterList)!;

        Assert.Contains("\"lastReportAgeMs\":310", json, StringComparison.Ordinal);
        Assert.Contains("\"placedSinceReport\":4", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"zone\"", json, StringComparison.Ordinal);
        var single = Assert.Single(back.Clusters);
        Assert.Equal(view.Endpoints, single.Endpoints);
        Assert.Equal(view with { Endpoints = single.Endpoints }, single);
    }

    [Fact]
    public void LocatorStatus_RoundTrips()
    {
        var status = new LocatorStatus
        {
            Version = "0.1.0",
            Policy = "best",
            Store = new StoreStatus("memory", true, 0),
            Ready = true,
            UptimeMs = 10,
            ReportIntervalMs = 1000,
            LeaseMs = 3000,
            Clusters = 2,
            EligibleClusters = 1,
            Services = 1,
        };

        var json = JsonSerializer.Serialize(status, Json.LocatorStatus);

        Assert.Contains("\"store\":{\"kind\":\"memory\",\"healthy\":true,\"lastReachedMs\":0}", json, StringComparison.Ordinal);
        Assert.Equal(status, JsonSerializer.Deserialize(json, Json.LocatorStatus));
    }

    [Fact]
    public void ClusterReport_NestedDeeperThanMaxDepth_IsRefused()
    {
        var body = "{ \"future\": " + string.Concat(Enumerable.Repeat("[", 20)) + string.Concat(Enumerable.Repeat("]", 20)) + " }";

        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(body, Json.ClusterReport));
    }

    [Fact]
    public void Wire_KeepsApostrophesReadable()
    {
        var problem = new Problem { Title = "No eligible cluster", Status = 503, Detail = "All 2 clusters of service 'erp' are draining." };

        var json = JsonSerializer.Serialize(problem, ProtocolJsonContext.Wire.Problem);

        Assert.Contains("service 'erp' are", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Wire_WritesLikeDefaultOtherwise()
    {
        var report = Reports.Create(zone: "eu-1", http: "http://h:1");

        Assert.Equal(JsonSerializer.Serialize(report, Json.ClusterReport), JsonSerializer.Serialize(report, ProtocolJsonContext.Wire.ClusterReport));
        Assert.Equal(
            JsonSerializer.Serialize(new Problem { Title = "t", Status = 400, Detail = "d" }, Json.Problem),
            JsonSerializer.Serialize(new Problem { Title = "t", Status = 400, Detail = "d" }, ProtocolJsonContext.Wire.Problem));
    }
}
