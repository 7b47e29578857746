using System.Net;
using Pharos.Dns.Server;

namespace Pharos.Dns.Tests.Server;

public sealed class TcpConnectionSlotsTests
{
    private static readonly IPAddress A = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress B = IPAddress.Parse("192.0.2.2");

    private static TcpSlot Slot(IPAddress client) => new(client, TimeProvider.System);

    [Fact]
    public void The_per_client_cap_refuses_that_address_only()
    {
        var slots = new TcpConnectionSlots(max: 10, maxPerClient: 2);
        slots.TryAcquire(Slot(A), out _).ShouldBeTrue();
        slots.TryAcquire(Slot(A), out _).ShouldBeTrue();
        slots.TryAcquire(Slot(A), out _).ShouldBeFalse();
        slots.TryAcquire(Slot(B), out _).ShouldBeTrue();
        slots.Open.ShouldBe(3);
    }

    [Fact]
    public void At_the_global_cap_the_connection_waiting_longest_makes_room()
    {
        var slots = new TcpConnectionSlots(max: 2, maxPerClient: 10);
        var first = Slot(A);
        var second = Slot(B);
        slots.TryAcquire(first, out _).ShouldBeTrue();
        slots.TryAcquire(second, out _).ShouldBeTrue();
        slots.WaitingForQuery(first);
        slots.WaitingForQuery(second);

        slots.TryAcquire(Slot(B), out var evicted).ShouldBeTrue();
        evicted.ShouldBeSameAs(first);
        slots.Open.ShouldBe(2);
        slots.QueryArriving(first).ShouldBeFalse();
        slots.WasEvicted(first).ShouldBeTrue();
        // Its end gives back its per-client place but not the global slot, which the newcomer holds now.
        slots.Release(first);
        slots.Open.ShouldBe(2);
    }

    [Fact]
    public void A_full_server_with_no_connection_waiting_refuses()
    {
        var slots = new TcpConnectionSlots(max: 1, maxPerClient: 10);
        var busy = Slot(A);
        slots.TryAcquire(busy, out _).ShouldBeTrue();
        slots.WaitingForQuery(busy);
        slots.QueryArriving(busy).ShouldBeTrue(); // its query came in: it is busy now
        slots.TryAcquire(Slot(B), out var evicted).ShouldBeFalse();
        evicted.ShouldBeNull();
        slots.Release(busy);
        slots.Open.ShouldBe(0);
        slots.TryAcquire(Slot(B), out _).ShouldBeTrue();
    }

    [Fact]
    public void More_than_half_full_is_pressure()
    {
        var slots = new TcpConnectionSlots(max: 4, maxPerClient: 10);
        slots.TryAcquire(Slot(A), out _);
        slots.TryAcquire(Slot(A), out _);
        slots.UnderPressure.ShouldBeFalse();
        slots.TryAcquire(Slot(A), out _);
        slots.UnderPressure.ShouldBeTrue();
    }
}
