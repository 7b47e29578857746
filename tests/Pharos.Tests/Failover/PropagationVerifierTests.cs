using System.Net;
using Pharos.Dns;
using Pharos.Dns.Server;
using Pharos.Dns.Zones;
using Pharos.Failover;

namespace Pharos.Tests.Failover;

public sealed class PropagationVerifierTests : IAsyncLifetime
{
    private readonly ZoneStore _zones = new();
    private DnsServer _server = null!;

    public async Task InitializeAsync()
    {
        _zones.AddOrReplace(AuthoritativeZone.FromZoneFile("""
            $ORIGIN example.test.
            $TTL 300
            @    IN SOA ns1 hostmaster 1 3600 600 86400 60
            @    IN NS  ns1
            ns1  IN A   127.0.0.53
            @    IN A   127.0.0.20
            www  IN A   127.0.0.20
            *    IN A   127.0.0.20
            """, DnsName.Parse("example.test.")));
        _server = new DnsServer(_zones, new DnsServerOptions { Endpoints = [new IPEndPoint(IPAddress.Loopback, 0)], UdpWorkers = 1 });
        await _server.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_served_TTL_that_differs_from_the_policy_is_reported()
    {
        // The records hold the failover address, but with TTL 300 where the policy says 60.
        var policy = FailoverTestPolicies.Policy() with { VerifyTimeout = TimeSpan.FromMilliseconds(500) };
        var result = await new PropagationVerifier(TimeProvider.System).WaitUntilConsistentAsync(policy, policy.Failover, _server.LocalEndpoints, CancellationToken.None);
        result.Consistent.ShouldBeFalse();
        var mismatch = result.Mismatches(policy, policy.Failover).First();
        mismatch.Ttl.ShouldBe(300u);
        mismatch.ToString().ShouldContain("ttl 300");
    }

    [Fact]
    public async Task Matching_values_and_TTL_are_consistent_and_timed()
    {
        var policy = FailoverTestPolicies.Policy() with { Ttl = TimeSpan.FromSeconds(300) };
        var result = await new PropagationVerifier(TimeProvider.System).WaitUntilConsistentAsync(policy, policy.Failover, _server.LocalEndpoints, CancellationToken.None);
        result.Consistent.ShouldBeTrue();
        result.Answers.Count.ShouldBe(3);
        result.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_silent_nameserver_is_not_consistent()
    {
        var policy = FailoverTestPolicies.Policy() with { Ttl = TimeSpan.FromSeconds(300), VerifyTimeout = TimeSpan.FromMilliseconds(300) };
        IPEndPoint[] servers = [.. _server.LocalEndpoints, new IPEndPoint(IPAddress.Loopback, FailoverTestSupport.FreePort())];
        var result = await new PropagationVerifier(TimeProvider.System).WaitUntilConsistentAsync(policy, policy.Failover, servers, CancellationToken.None);
        result.Consistent.ShouldBeFalse();
        result.Mismatches(policy, policy.Failover).ShouldAllBe(a => a.Error != null);
    }
}
