namespace Pharos.Dns;

/// <summary>Resource record types (RFC 1035 §3.2.2 and later registrations).</summary>
#pragma warning disable CA1028 // the wire value is 16 bits
public enum DnsType : ushort
#pragma warning restore CA1028
{
    /// <summary>IPv4 address (RFC 1035).</summary>
    A = 1,
    /// <summary>Authoritative name server (RFC 1035).</summary>
    NS = 2,
    /// <summary>Canonical name (RFC 1035).</summary>
    CNAME = 5,
    /// <summary>Start of authority (RFC 1035).</summary>
    SOA = 6,
    /// <summary>Domain name pointer (RFC 1035).</summary>
    PTR = 12,
    /// <summary>Mail exchange (RFC 1035).</summary>
    MX = 15,
    /// <summary>Text strings (RFC 1035).</summary>
    TXT = 16,
    /// <summary>IPv6 address (RFC 3596).</summary>
    AAAA = 28,
    /// <summary>Service locator (RFC 2782).</summary>
    SRV = 33,
    /// <summary>EDNS0 pseudo-record (RFC 6891).</summary>
    OPT = 41,
    /// <summary>Transaction signature (RFC 8945).</summary>
    TSIG = 250,
    /// <summary>Incremental zone transfer (RFC 1995).</summary>
    IXFR = 251,
    /// <summary>Full zone transfer (RFC 5936).</summary>
    AXFR = 252,
    /// <summary>Any type (RFC 1035 QTYPE *).</summary>
    ANY = 255,
    /// <summary>Certification authority authorization (RFC 8659).</summary>
    CAA = 257,
}

/// <summary>Record classes (RFC 1035 §3.2.4, RFC 2136 §1.3 for NONE/ANY).</summary>
#pragma warning disable CA1028
public enum DnsClass : ushort
#pragma warning restore CA1028
{
    /// <summary>The Internet.</summary>
    IN = 1,
    /// <summary>Chaos.</summary>
    CH = 3,
    /// <summary>NONE, used by dynamic update (RFC 2136).</summary>
    NONE = 254,
    /// <summary>ANY (QCLASS *), used by dynamic update and TSIG.</summary>
    ANY = 255,
}

/// <summary>Message opcodes (RFC 1035 §4.1.1, RFC 1996, RFC 2136).</summary>
public enum DnsOpcode : byte
{
    /// <summary>Standard query.</summary>
    Query = 0,
    /// <summary>Inverse query (obsolete).</summary>
    IQuery = 1,
    /// <summary>Server status request.</summary>
    Status = 2,
    /// <summary>Zone change notification (RFC 1996).</summary>
    Notify = 4,
    /// <summary>Dynamic update (RFC 2136).</summary>
    Update = 5,
}

/// <summary>Response codes, including the extended and TSIG codes (RFC 1035, 2136, 6891, 8945).</summary>
#pragma warning disable CA1028
public enum DnsRcode : ushort
#pragma warning restore CA1028
{
    /// <summary>No error.</summary>
    NoError = 0,
    /// <summary>Format error.</summary>
    FormErr = 1,
    /// <summary>Server failure.</summary>
    ServFail = 2,
    /// <summary>Name does not exist.</summary>
    NXDomain = 3,
    /// <summary>Not implemented.</summary>
    NotImp = 4,
    /// <summary>Refused.</summary>
    Refused = 5,
    /// <summary>A name exists that should not (RFC 2136).</summary>
    YXDomain = 6,
    /// <summary>An RRset exists that should not (RFC 2136).</summary>
    YXRRSet = 7,
    /// <summary>An RRset that should exist does not (RFC 2136).</summary>
    NXRRSet = 8,
    /// <summary>Not authoritative / not authorized (RFC 2136, RFC 8945).</summary>
    NotAuth = 9,
    /// <summary>Name not within the zone (RFC 2136).</summary>
    NotZone = 10,
    /// <summary>Bad OPT version (RFC 6891).</summary>
    BadVers = 16,
    /// <summary>TSIG signature failure (RFC 8945; shares 16 with BADVERS in the TSIG error field).</summary>
    BadSig = 16,
    /// <summary>Key not recognised (RFC 8945).</summary>
    BadKey = 17,
    /// <summary>Signature out of time window (RFC 8945).</summary>
    BadTime = 18,
    /// <summary>Bad truncation (RFC 8945).</summary>
    BadTrunc = 22,
}
