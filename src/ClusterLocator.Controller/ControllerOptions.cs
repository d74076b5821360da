using ClusterLocator.Protocol;

namespace ClusterLocator.Controller;

/// <summary>How a cluster controller runs: its cluster, its front doors, its members and its locators.</summary>
public sealed class ControllerOptions
{
    /// <summary>The cluster's id at the locators.</summary>
    public string ClusterId { get; set; } = string.Empty;

    /// <summary>The service the cluster serves.</summary>
    public string Service { get; set; } = string.Empty;

    /// <summary>How many sessions the cluster is sized for; reported to the locators.</summary>
    public int Capacity { get; set; }

    /// <summary>
    /// Front doors: <c>tcp://HOST:PORT</c> (layer-4 proxy) and/or <c>http://HOST:PORT</c> (reverse
    /// proxy), one per protocol; <c>https://HOST:PORT</c> is the reverse proxy over TLS, with
    /// <see cref="FrontDoorTlsCert"/>.
    /// </summary>
    public IList<Uri> Listen { get; } = [];

    /// <summary>The member servers, <c>HOST:PORT</c>.</summary>
    public IList<string> Members { get; } = [];

    /// <summary>The locators to report to, each independently.</summary>
    public IList<Uri> Locators { get; } = [];

    /// <summary>The controller token the locators require, if any.</summary>
    /// <remarks>Defaults to none.</remarks>
    public string? Token { get; set; }

    /// <summary>The cluster's zone, if any.</summary>
    public string? Zone { get; set; }

    /// <summary>The most live sessions; beyond it new sessions are refused so clients go elsewhere.</summary>
    /// <remarks>Defaults to <see cref="Capacity"/>.</remarks>
    public int? MaxSessions { get; set; }

    /// <summary>How often to report; a locator's answer overrides it for that locator.</summary>
    /// <remarks>Defaults to 1 second.</remarks>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a stopping controller waits for its sessions before it deregisters.</summary>
    /// <remarks>Defaults to 30 seconds.</remarks>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The path probed on HTTP members.</summary>
    /// <remarks>Defaults to <c>/healthz</c>.</remarks>
    public string HealthPath { get; set; } = "/healthz";

    /// <summary>How often each member is probed.</summary>
    /// <remarks>Defaults to 1 second.</remarks>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one probe may take before it counts as failed.</summary>
    /// <remarks>Defaults to 1 second.</remarks>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether to report CPU and memory use (they lower the cluster's health): against the cgroup's quota and limit in a container or a limited systemd unit, against the machine's otherwise.</summary>
    /// <remarks>Defaults to true.</remarks>
    public bool ReportHostUsage { get; set; } = true;

    /// <summary>The host name or address reported to the locators for a front door that listens on every address.</summary>
    /// <remarks>Defaults to the machine's host name.</remarks>
    public string? AdvertiseHost { get; set; }

    /// <summary>
    /// A PEM file of the CA certificate(s) that the locators' <c>https://</c> certificates must chain
    /// to, trusted instead of the machine's trust store; the host name is still checked.
    /// </summary>
    /// <remarks>Defaults to none: the machine's trust store decides.</remarks>
    public string? LocatorCa { get; set; }

    /// <summary>
    /// A PEM file of the client certificate presented to <c>https://</c> locators (extended key usage
    /// clientAuth, if it has one); given with <see cref="TlsClientKey"/>.
    /// </summary>
    /// <remarks>Defaults to none: no client certificate is presented.</remarks>
    public string? TlsClientCert { get; set; }

    /// <summary>The PEM file of the unencrypted private key of <see cref="TlsClientCert"/>.</summary>
    /// <remarks>Defaults to none.</remarks>
    public string? TlsClientKey { get; set; }

    /// <summary>
    /// A PEM file of the certificate an <c>https://</c> front door serves (extended key usage
    /// serverAuth, if it has one), followed by its intermediates, if any; given with
    /// <see cref="FrontDoorTlsKey"/>. Read once, when the controller is built.
    /// </summary>
    /// <remarks>Defaults to none: the HTTP front door, if any, serves plain <c>http://</c>.</remarks>
    public string? FrontDoorTlsCert { get; set; }

    /// <summary>The PEM file of the unencrypted private key of <see cref="FrontDoorTlsCert"/>.</summary>
    /// <remarks>Defaults to none.</remarks>
    public string? FrontDoorTlsKey { get; set; }

    // Front doors that one client cannot hold hostage: idle sessions, a client's share, HTTP connections.

    /// <summary>
    /// How long a TCP session may pass no byte either way before it is closed and its place freed;
    /// <see cref="TimeSpan.Zero"/> turns the check off. Silent peers that vanished are found sooner by
    /// TCP keep-alive; this catches peers that stay connected and say nothing.
    /// </summary>
    /// <remarks>Defaults to 15 minutes.</remarks>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The most live sessions (TCP sessions and HTTP requests in flight) one client address may hold;
    /// beyond it that client's new sessions are turned away while others still get in. 0 turns the
    /// limit off.
    /// </summary>
    /// <remarks>
    /// Defaults to half of <see cref="MaxSessions"/>, rounded up: one address cannot take the whole
    /// cluster, yet two clients behind one address each (or a few large application servers) still
    /// fit. Clients behind one NAT share one address: raise it, or set 0, for such a fleet. An
    /// application registered with <c>AddClusterController</c> has no front door of the controller's,
    /// and no per-client limit.
    /// </remarks>
    public int? MaxSessionsPerClient { get; set; }

    /// <summary>
    /// The most connections the HTTP front door keeps open, idle or not; beyond it Kestrel closes new
    /// ones at once. Idle connections do not count toward <see cref="MaxSessions"/>.
    /// </summary>
    /// <remarks>Defaults to 10 000.</remarks>
    public int MaxConnections { get; set; } = 10_000;

    // Change-triggered reports: fresher load at the locators between two periodic reports.

    /// <summary>
    /// The floor of change-triggered reports, or null for none: besides the report every
    /// <see cref="ReportInterval"/>, a report goes out as soon as the live sessions moved by at least
    /// <see cref="ReportChangeThreshold"/> from the last report sent to that locator, or a member's
    /// health changed, but never sooner than this after the previous report. The controller looks
    /// for a change once per floor, so a change is reported within a floor of it. The sessions
    /// watched are the live ones of the front doors, or what an application's own
    /// <see cref="Load.IClusterLoadSource"/> reports, asked once per floor.
    /// </summary>
    /// <remarks>Defaults to null: reports only every <see cref="ReportInterval"/>.</remarks>
    public TimeSpan? ReportOnChange { get; set; }

    /// <summary>How many sessions, opened or closed, since the last report trigger a report (with <see cref="ReportOnChange"/>).</summary>
    /// <remarks>Defaults to 1.</remarks>
    public int ReportChangeThreshold { get; set; } = 1;

    // Telemetry.

    /// <summary>
    /// Where the admin listener serves <c>/metrics</c> (Prometheus text): <c>http://IP:PORT</c>, port 0
    /// for a free one. Apart from the front doors, so scrapes are never sessions. A standalone
    /// controller only (<see cref="Hosting.ControllerHost"/>); an application that embeds one exports
    /// the meter <c>ClusterLocator.Controller</c> its own way.
    /// </summary>
    /// <remarks>Defaults to none: no admin listener (<c>clusterlocator controller</c> listens on http://127.0.0.1:7402 unless told otherwise).</remarks>
    public IList<string> AdminUrls { get; } = [];

    /// <summary>
    /// An OpenTelemetry collector to send the controller's metrics and logs to over OTLP (gRPC;
    /// http/protobuf with <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>). A standalone controller only.
    /// </summary>
    /// <remarks>Defaults to none: nothing is sent.</remarks>
    public string? OtlpEndpoint { get; set; }

    // Pinned HTTP connections (issue 13, the HTTP front door's speed).

    /// <summary>
    /// How the HTTP front door sends requests to the members. <see cref="HttpFrontDoorMode.PerRequest"/>
    /// chooses a member for each request; <see cref="HttpFrontDoorMode.Pinned"/> chooses one for a
    /// connection's first request and relays the rest of the connection to it byte for byte, which
    /// costs about a TCP session instead of a parsed and re-sent request. In pinned mode the session is
    /// the connection (it counts toward <see cref="MaxSessions"/> and <see cref="MaxSessionsPerClient"/>
    /// while open, idle or not), <see cref="IdleTimeout"/> closes it when silent, a member failing ends
    /// the client's connection instead of answering 502, and a drain cuts connections still open at
    /// <see cref="DrainTimeout"/>, as TCP sessions are.
    /// </summary>
    /// <remarks>Defaults to <see cref="HttpFrontDoorMode.PerRequest"/>.</remarks>
    public HttpFrontDoorMode HttpMode { get; set; } = HttpFrontDoorMode.PerRequest;

    /// <summary>The HTTP front door, <c>http://</c> or <c>https://</c>, if any.</summary>
    internal Uri? HttpListen => Listen.FirstOrDefault(u => u.Scheme is Protocols.Http or "https");

    internal int EffectiveMaxSessions => MaxSessions ?? Capacity;

    internal int EffectiveMaxSessionsPerClient => MaxSessionsPerClient ?? (EffectiveMaxSessions + 1) / 2;
}
