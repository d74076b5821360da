using ClusterLocator.Locator.Placement;

namespace ClusterLocator.Locator;

/// <summary>How a locator runs. Every property has a default that is safe on one machine.</summary>
public sealed class LocatorOptions
{
    /// <summary>The loopback address a locator listens on when given none.</summary>
    public const string DefaultUrl = "http://127.0.0.1:7400";

    /// <summary>
    /// The URLs to listen on, when the locator runs as a process of its own (<c>clusterlocator locator</c>).
    /// An application that hosts the locator listens where its own server configuration says.
    /// </summary>
    /// <remarks>Defaults to <c>http://127.0.0.1:7400</c>. Port 0 picks a free port.</remarks>
    public IList<string> Urls { get; } = [];

    /// <summary>The selection policy: <c>best</c>, <c>p2c</c>, <c>weighted</c> or <c>round-robin</c>.</summary>
    /// <remarks>Defaults to <c>best</c>: the highest health a cluster keeps once it has taken the session.</remarks>
    public string Policy { get; set; } = PlacementPolicies.Best;

    /// <summary>How often controllers are asked to report.</summary>
    /// <remarks>Defaults to 1 second.</remarks>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a report keeps its cluster eligible.</summary>
    /// <remarks>Defaults to three report intervals.</remarks>
    public TimeSpan? Lease { get; set; }

    /// <summary>How long after start <c>locate</c> answers 503 while clusters report.</summary>
    /// <remarks>Defaults to one lease. Zero turns warm-up off.</remarks>
    public TimeSpan? WarmUp { get; set; }

    /// <summary>How long a client may reuse a placement.</summary>
    /// <remarks>Defaults to 5 seconds.</remarks>
    public TimeSpan PlacementTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an expired cluster stays listed (not placed) before it is forgotten.</summary>
    /// <remarks>Defaults to 60 seconds.</remarks>
    public TimeSpan ExpiredRetention { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The token controllers must send (<c>Authorization: Bearer …</c>) to register, report or deregister.</summary>
    /// <remarks>Defaults to none: anyone who reaches the locator may register.</remarks>
    public string? ControllerToken { get; set; }

    /// <summary>
    /// A JSON file of scoped credentials: each a name, the SHA-256 of its bearer token, and the
    /// services and cluster ids (globs) it may write. Read again when it changes; an invalid new
    /// version is refused and the last good one stays. The controller token, if any, is one more
    /// credential that covers everything.
    /// </summary>
    /// <remarks>Defaults to none.</remarks>
    public string? CredentialsFile { get; set; }

    /// <summary>Allows listening beyond loopback (<see cref="Urls"/>) without a controller token.</summary>
    /// <remarks>Defaults to false.</remarks>
    public bool Insecure { get; set; }

    /// <summary>
    /// Host names, besides loopback ones (<c>localhost</c>, <c>127.x.x.x</c>, <c>[::1]</c>), that a
    /// request's <c>Host</c> may name while the locator listens on loopback only; any other gets 421
    /// Misdirected Request, so a web page cannot reach the locator through a name it points at
    /// 127.0.0.1 (DNS rebinding). Beyond loopback the <c>Host</c> is not checked.
    /// </summary>
    /// <remarks>Defaults to none: only loopback names and addresses.</remarks>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>
    /// The registry store: <c>memory</c> (this locator alone), or <c>etcd://HOST:PORT[,HOST:PORT…]</c>
    /// (<c>etcds://</c> for TLS) for a registry that several locators share.
    /// </summary>
    /// <remarks>Defaults to <c>memory</c>.</remarks>
    public string Store { get; set; } = "memory";

    /// <summary>The etcd key prefix under which clusters are kept; locators sharing a registry use the same one.</summary>
    /// <remarks>Defaults to <c>/clusterlocator/</c>.</remarks>
    public string StorePrefix { get; set; } = "/clusterlocator/";

    /// <summary>
    /// A PEM file of the CA certificate(s) that etcd's server certificate must chain to, trusted instead
    /// of the machine's trust store; for an <c>etcds://</c> store whose certificates a private CA issued.
    /// </summary>
    /// <remarks>Defaults to none: the machine's trust store decides.</remarks>
    public string? StoreCa { get; set; }

    /// <summary>
    /// A PEM file of the client certificate presented to etcd, for an <c>etcds://</c> store whose
    /// members run with <c>--client-cert-auth</c>; given with <see cref="StoreKey"/>. Intermediate
    /// certificates may follow it in the file.
    /// </summary>
    /// <remarks>Defaults to none: no client certificate is presented.</remarks>
    public string? StoreCert { get; set; }

    /// <summary>The PEM file of the unencrypted private key of <see cref="StoreCert"/>.</summary>
    /// <remarks>Defaults to none.</remarks>
    public string? StoreKey { get; set; }

    /// <summary>
    /// A PEM file of the certificate the locator serves its <c>https://</c> <see cref="Urls"/> with
    /// (extended key usage serverAuth, if it has one); given with <see cref="TlsKey"/>. A new file
    /// in its place is used for new connections within a second, without a restart. Only for the
    /// locator as a process of its own: an application that hosts it configures its own server.
    /// </summary>
    /// <remarks>Defaults to none: <c>https://</c> URLs cannot be served.</remarks>
    public string? TlsCert { get; set; }

    /// <summary>The PEM file of the unencrypted private key of <see cref="TlsCert"/>.</summary>
    /// <remarks>Defaults to none.</remarks>
    public string? TlsKey { get; set; }

    /// <summary>
    /// A PEM file of the CA certificate(s) that issue client certificates: on <c>https://</c>
    /// <see cref="Urls"/> the locator then asks each client for a certificate (a client without one,
    /// using a bearer token, is still served), refuses the TLS handshake of one that does not chain to
    /// these CAs, and a credentials entry with a <c>certificateSubject</c> authenticates the client
    /// whose certificate has that subject. Read once, at start. Needs <see cref="TlsCert"/>.
    /// </summary>
    /// <remarks>Defaults to none: no client certificate is asked for.</remarks>
    public string? ClientCa { get; set; }

    // Fair placement and rate limits: what one client may count and ask for.

    /// <summary>
    /// The fraction of a service's total capacity (the sum over its clusters) that one client's
    /// placements may count toward clusters' load per <see cref="ReportInterval"/>, in (0, 1]. Past
    /// it, the client's locates are still answered, with the same cluster, but no longer lower that
    /// cluster's health until its next report, so one client's flood of locates cannot make a
    /// service look full to the others. 1 counts every placement. A client is its credential's name
    /// under <see cref="ClientCredentials"/>, else its source address (an IPv6 one by its /64).
    /// </summary>
    /// <remarks>Defaults to 0.10 (10 %).</remarks>
    public double ClientPlacementShare { get; set; } = 0.10;

    /// <summary>
    /// The locates a second one client may make (a window of one second); past it, 429 Too Many
    /// Requests with <c>Retry-After</c>. 0 turns the limit off.
    /// </summary>
    /// <remarks>Defaults to 2000.</remarks>
    public int ClientRate { get; set; } = 2000;

    /// <summary>
    /// A JSON file of the credentials clients must present to locate, in the format of
    /// <see cref="CredentialsFile"/>: each a name, the SHA-256 of its bearer token (or a
    /// <c>certificateSubject</c>, under <see cref="ClientCa"/>), and the <c>services</c> (globs) it may
    /// locate; <c>clusters</c> is refused. A locate without a known credential gets 401, one for a
    /// service the credential does not cover 403. Read again when it changes, like the controllers' file.
    /// </summary>
    /// <remarks>Defaults to none: anyone who reaches the locator may locate.</remarks>
    public string? ClientCredentials { get; set; }

    // Limits: every size an outsider can grow is bounded.

    /// <summary>
    /// The most clusters the registry holds, expired ones still listed included. A report that would
    /// register one more is refused with 429 (<c>urn:clusterlocator:problem:limit-reached</c>);
    /// reports of known clusters are always accepted. With etcd the count is this locator's view of
    /// the shared registry, so locators registering at the same instant may pass it by a few.
    /// </summary>
    /// <remarks>Defaults to 10 000.</remarks>
    public int MaxClusters { get; set; } = 10_000;

    /// <summary>The most services the registry holds; a report that would add one more is refused like <see cref="MaxClusters"/>.</summary>
    /// <remarks>Defaults to 1 000.</remarks>
    public int MaxServices { get; set; } = 1_000;

    /// <summary>
    /// The most clusters one service may have; a report that would add one more to a full service is
    /// refused like <see cref="MaxClusters"/>. It also bounds what a cluster joining or leaving the service rebuilds (its decision index).
    /// </summary>
    /// <remarks>Defaults to 1 000.</remarks>
    public int MaxClustersPerService { get; set; } = 1_000;

    /// <summary>
    /// The most connections the locator serves at once, when it runs as a process of its own; a
    /// connection past it is closed at once, before any request is read.
    /// </summary>
    /// <remarks>Defaults to 10 000.</remarks>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>
    /// How long an idle keep-alive connection stays open, when the locator runs as a process of its
    /// own. Controllers report every <see cref="ReportInterval"/> and clients locate in bursts: 30 s
    /// keeps their connections warm, and frees the sockets of those gone far sooner than Kestrel's 130 s.
    /// </summary>
    /// <remarks>Defaults to 30 seconds.</remarks>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a client has to send a request's headers, when the locator runs as a process of its
    /// own; a client that sends them slower is cut off (a slow-headers attack holds a connection).
    /// </summary>
    /// <remarks>Defaults to 10 seconds.</remarks>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    // Sharing placement counts between locators.

    /// <summary>
    /// The base URLs of the other locators (<c>http://HOST:PORT</c> or <c>https://…</c>) that this
    /// one shares its placement counts with: every <see cref="PeerSyncInterval"/> it posts to each the
    /// sessions it placed since the last time, per cluster, so a burst spread over several locators
    /// fills the clusters as one locator would. Give every locator the others.
    /// </summary>
    /// <remarks>Defaults to none: this locator counts only its own placements.</remarks>
    public IList<string> Peers { get; } = [];

    /// <summary>How often the placement counts are posted to the <see cref="Peers"/>, when there were any.</summary>
    /// <remarks>Defaults to a tenth of <see cref="ReportInterval"/>, at least 10 ms.</remarks>
    public TimeSpan? PeerSyncInterval { get; set; }

    // Peer discovery through etcd.

    /// <summary>
    /// The URL the other locators reach this one at. With an etcd store each locator announces it
    /// under <c>{StorePrefix}locators/</c>, and the locators sharing the registry send each other
    /// their placement counts there. Set it when the address bound is not the one peers reach: a
    /// wildcard (<c>0.0.0.0</c>), a container's or NAT's inside address, a proxy in front.
    /// </summary>
    /// <remarks>
    /// Defaults to the first address the server bound when it names one host (not <c>0.0.0.0</c>,
    /// <c>[::]</c> or <c>localhost</c>); otherwise none, and then this locator does not announce itself.
    /// </remarks>
    public string? AdvertiseUrl { get; set; }

    // Telemetry.

    /// <summary>
    /// An OpenTelemetry collector to send the locator's metrics, traces and logs to over OTLP
    /// (gRPC; http/protobuf with <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>), besides
    /// <c>/metrics</c>. Read by <see cref="Hosting.LocatorHost"/>; an application that hosts the
    /// locator exports its own way.
    /// </summary>
    /// <remarks>Defaults to none: nothing is sent.</remarks>
    public string? OtlpEndpoint { get; set; }

    // Locate over DNS (issue 16).

    /// <summary>
    /// The address (<c>IP:PORT</c>) to answer DNS locates on, over UDP and TCP: <c>SRV</c>, <c>A</c>
    /// and <c>AAAA</c> queries under <see cref="DnsDomain"/>, each answered with one placement made and
    /// counted as a <c>GET /v1/locate</c> would (docs/dns.md). Port 0 binds a free port, the same
    /// for both.
    /// </summary>
    /// <remarks>Defaults to none: the locator answers no DNS.</remarks>
    public string? Dns { get; set; }

    /// <summary>The DNS domain the locator answers for: <c>_SERVICE._tcp.DOMAIN</c>, <c>SERVICE.DOMAIN</c>.</summary>
    /// <remarks>Defaults to <c>locator.</c>.</remarks>
    public string DnsDomain { get; set; } = "locator.";

    /// <summary>
    /// The TTL of the DNS answers. Every query is a fresh decision counted on the cluster chosen: a
    /// resolver that caches an answer sends every client it serves to that one cluster, uncounted.
    /// </summary>
    /// <remarks>Defaults to 0: resolvers do not cache the answer.</remarks>
    public TimeSpan DnsTtl { get; set; } = TimeSpan.Zero;

    internal TimeSpan EffectiveLease => Lease ?? ReportInterval * 3;

    /// <summary>With a shared store a restarted locator reads every cluster from it, so it needs no warm-up.</summary>
    internal TimeSpan EffectiveWarmUp => WarmUp ?? (IsSharedStore ? TimeSpan.Zero : EffectiveLease);

    internal bool IsSharedStore => Registry.Etcd.EtcdStoreAddress.IsEtcd(Store);

    /// <summary>A report older than this is flagged <c>stale</c> in placements while its lease lasts.</summary>
    internal TimeSpan StaleAfter => ReportInterval * 2;

    internal TimeSpan EffectivePeerSyncInterval => PeerSyncInterval ?? TimeSpan.FromTicks(Math.Max(ReportInterval.Ticks / 10, MinPeerSyncInterval.Ticks));

    /// <summary>The shortest <see cref="PeerSyncInterval"/>.</summary>
    internal static readonly TimeSpan MinPeerSyncInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>The most <see cref="Peers"/>: every sync interval sends one request to each.</summary>
    internal const int MaxPeers = 32;

    internal IReadOnlyList<string> EffectiveUrls => Urls.Count > 0 ? [.. Urls] : [DefaultUrl];
}
