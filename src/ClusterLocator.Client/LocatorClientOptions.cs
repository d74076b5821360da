namespace ClusterLocator.Client;

/// <summary>How a <see cref="LocatorClient"/> reaches locators and opens sessions.</summary>
public sealed class LocatorClientOptions
{
    /// <summary>
    /// Base URLs of the locators, such as <c>http://10.0.0.2:7400</c>. The client tries first the
    /// one that answered last, then the others in this order.
    /// </summary>
    /// <remarks>Required: at least one.</remarks>
    public IList<Uri> Locators { get; } = [];

    /// <summary>How long one locator has to answer before the next is tried.</summary>
    /// <remarks>Defaults to 2 seconds: a locator answers in well under a millisecond, so a slower one is in trouble.</remarks>
    public TimeSpan LocatorTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether a placement is reused for its <c>ttlMs</c> by later locates with the same request.
    /// Turn it off in a process that opens sessions on behalf of many users (a gateway, a load
    /// generator), so each session is placed by the locator and spread like independent clients.
    /// </summary>
    /// <remarks>Defaults to true.</remarks>
    public bool CachePlacements { get; set; } = true;

    /// <summary>How long a TCP connect to a controller may take before that cluster counts as failed.</summary>
    /// <remarks>Defaults to 3 seconds.</remarks>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// After a TCP connect, how long to watch for the controller closing the connection at once,
    /// which is how a full or draining controller refuses a session. A controller that speaks first
    /// ends the wait early. Zero turns the check off.
    /// </summary>
    /// <remarks>Defaults to 50 milliseconds; a refusing controller resets within a millisecond or two.</remarks>
    public TimeSpan RefusalWindow { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How many clusters one session or request tries before it gives up.</summary>
    /// <remarks>Defaults to 3.</remarks>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>
    /// A PEM file of the CA certificate(s) that the locators' <c>https://</c> certificates must chain
    /// to, trusted instead of the machine's trust store; the host name is still checked.
    /// </summary>
    /// <remarks>Defaults to none: the machine's trust store decides.</remarks>
    public string? LocatorCa { get; set; }

    /// <summary>
    /// A PEM file of the client certificate presented to <c>https://</c> locators (extended key usage
    /// clientAuth, if it has one); given with <see cref="TlsClientKey"/>. Intermediate certificates may
    /// follow it in the file.
    /// </summary>
    /// <remarks>Defaults to none: no client certificate is presented.</remarks>
    public string? TlsClientCert { get; set; }

    /// <summary>The PEM file of the unencrypted private key of <see cref="TlsClientCert"/>.</summary>
    /// <remarks>Defaults to none.</remarks>
    public string? TlsClientKey { get; set; }

    // What the SDK accepts from a locator (issue 11: an SDK that checks what it is told).

    /// <summary>
    /// The longest a placement is reused, whatever <c>ttlMs</c> the locator gives: a larger one is
    /// cut to this, so a wrong or hostile answer cannot pin the client to one cluster for long.
    /// </summary>
    /// <remarks>Defaults to 5 minutes; at most 1 day.</remarks>
    public TimeSpan MaxPlacementTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Address ranges in CIDR form (<c>10.0.0.0/8</c>, <c>fd00::/8</c>) a placement's address must
    /// fall in; a placement outside every range is refused as a bad answer and the next locator is
    /// asked. A host name in an address is resolved and every address it resolves to must fall in a
    /// range (the check trusts DNS: the name is resolved again when connecting).
    /// </summary>
    /// <remarks>Defaults to empty: any address is accepted.</remarks>
    public IList<string> AllowedNetworks { get; } = [];

    /// <summary>
    /// The token sent as <c>Authorization: Bearer</c> with every request to the locators, for
    /// locators that require an identity to locate. It is never logged nor put in a message.
    /// Over <c>http://</c> it travels in clear: use <c>https://</c> locators with it.
    /// </summary>
    /// <remarks>Defaults to none: no <c>Authorization</c> header is sent.</remarks>
    public string? Token { get; set; }

    /// <summary>Whether a TLS file is given, which only the HTTP client the SDK makes can use.</summary>
    internal bool HasTlsFiles => LocatorCa is not null || TlsClientCert is not null || TlsClientKey is not null;
}
