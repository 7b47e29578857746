using System.Globalization;
using System.Net;
using Pharos.Accounts;
using Pharos.Tests.Support;

namespace Pharos.Tests.Accounts;

public sealed class SignInThrottleTests : IDisposable
{
    private static readonly IPAddress Stranger = IPAddress.Parse("198.51.100.7");
    private static readonly IPAddress Owner = IPAddress.Parse("192.0.2.10");
    private readonly FakeTime _time = new(DateTimeOffset.Parse("2026-03-01T00:00:00Z", CultureInfo.InvariantCulture));
    private readonly SignInThrottle _throttle;

    public SignInThrottleTests() => _throttle = new SignInThrottle(_time);

    public void Dispose() => _throttle.Dispose();

    [Fact]
    public void Names_longer_than_any_user_name_are_never_remembered()
    {
        for (var i = 0; i < 100; i++)
        {
            _throttle.Admit(Stranger).ShouldBeNull();
            _throttle.Failed(Stranger, new string((char)('a' + (i % 26)), 100_000) + i);
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        _throttle.TrackedKeys.ShouldBe(1, "only the address");
        _throttle.UnknownNameFailures(new string('a', 100_000) + "0").ShouldBe(0);
    }

    [Fact]
    public void Each_table_holds_at_most_the_bound_and_drops_the_least_recently_active_key()
    {
        _throttle.Failed(IPAddress.Parse("10.255.255.255"), "first-name");
        _time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < SignInThrottle.MaxTracked + 500; i++)
        {
            _throttle.Failed(new IPAddress(0x0A000000u + (uint)i), "name" + i);
        }

        _throttle.TrackedKeys.ShouldBe(2 * SignInThrottle.MaxTracked);
        _throttle.UnknownNameFailures("first-name").ShouldBe(0, "the oldest key went first");
        _throttle.UnknownNameFailures("name" + (SignInThrottle.MaxTracked + 499)).ShouldBe(1);
    }

    [Fact]
    public void A_timer_forgets_keys_that_went_quiet()
    {
        for (var i = 0; i < 50; i++)
        {
            var address = IPAddress.Parse("203.0.113." + i);
            _throttle.Admit(address).ShouldBeNull();
            if (i % 2 == 0)
            {
                _throttle.Failed(address, "nobody" + i);
            }
        }

        _throttle.TrackedKeys.ShouldBe(75);
        _time.Advance(TimeSpan.FromMinutes(2));
        _throttle.TrackedKeys.ShouldBe(50, "attempts alone are forgotten after a minute");
        _time.Advance(SignInPolicy.FailureMemory);
        _throttle.TrackedKeys.ShouldBe(0, "failures are forgotten after the failure memory");
    }

    [Fact]
    public void After_five_failures_an_address_waits_doubling_times_and_other_addresses_do_not()
    {
        for (var i = 0; i < SignInPolicy.FreeFailures; i++)
        {
            _throttle.Admit(Stranger).ShouldBeNull();
            _throttle.Failed(Stranger, "alice");
        }

        _throttle.Admit(Stranger).ShouldBe(TimeSpan.FromSeconds(1));
        _throttle.Admit(Owner).ShouldBeNull("a stranger's failures never hold anyone else up");
        _time.Advance(TimeSpan.FromSeconds(1));
        _throttle.Admit(Stranger).ShouldBeNull();
        _throttle.Failed(Stranger, "alice");
        _throttle.Admit(Stranger).ShouldBe(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Attempts_of_any_outcome_are_capped_per_address_per_minute()
    {
        for (var i = 0; i < SignInPolicy.AttemptsPerAddressPerMinute; i++)
        {
            _throttle.Admit(Owner).ShouldBeNull();
        }

        _throttle.Admit(Owner).ShouldBe(TimeSpan.FromMinutes(1));
        _time.Advance(TimeSpan.FromMinutes(1));
        _throttle.Admit(Owner).ShouldBeNull();
    }

    [Fact]
    public void Ipv6_addresses_count_per_64_and_mapped_ipv4_as_ipv4()
    {
        SignInThrottle.AddressKey(IPAddress.Parse("2001:db8:1:2:aaaa::1")).ShouldBe(SignInThrottle.AddressKey(IPAddress.Parse("2001:db8:1:2:bbbb::9")));
        SignInThrottle.AddressKey(IPAddress.Parse("2001:db8:1:3::1")).ShouldNotBe(SignInThrottle.AddressKey(IPAddress.Parse("2001:db8:1:2::1")));
        SignInThrottle.AddressKey(IPAddress.Parse("::ffff:192.0.2.10")).ShouldBe("192.0.2.10");
    }

    [Fact]
    public void Holds_and_waits_start_after_five_failures_double_and_stop_at_their_caps()
    {
        SignInPolicy.AccountHold(4).ShouldBe(TimeSpan.Zero);
        SignInPolicy.AccountHold(5).ShouldBe(TimeSpan.FromMilliseconds(250));
        SignInPolicy.AccountHold(6).ShouldBe(TimeSpan.FromMilliseconds(500));
        SignInPolicy.AccountHold(1000).ShouldBe(SignInPolicy.MaxAccountHold);
        SignInPolicy.AddressWait(4).ShouldBe(TimeSpan.Zero);
        SignInPolicy.AddressWait(7).ShouldBe(TimeSpan.FromSeconds(4));
        SignInPolicy.AddressWait(int.MaxValue).ShouldBe(SignInPolicy.MaxAddressWait);
    }
}
