using Pharos.Accounts;
using Pharos.Audit;
using Pharos.Tests.Support;

namespace Pharos.Tests.Accounts;

public class SmallPartsTests
{
    [Fact]
    public void Throttle_limits_per_address_and_per_account_and_forgets_after_a_minute()
    {
        var time = new FakeTime(DateTimeOffset.Parse("2026-03-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var throttle = new SignInThrottle(time);
        for (var i = 0; i < SignInThrottle.PerAccountPerMinute; i++)
        {
            throttle.TryAcquire("10.0.0." + i, "Alice").ShouldBeTrue();
        }

        throttle.TryAcquire("10.0.0.99", "alice").ShouldBeFalse("the account's limit is shared by every address and is case-blind");
        for (var i = 0; i < SignInThrottle.PerAddressPerMinute; i++)
        {
            throttle.TryAcquire("192.0.2.1", "user" + i).ShouldBeTrue();
        }

        throttle.TryAcquire("192.0.2.1", "someone-else").ShouldBeFalse("one address may not spray many accounts");
        time.Advance(TimeSpan.FromMinutes(1));
        throttle.TryAcquire("192.0.2.1", "alice").ShouldBeTrue();
    }

    [Fact]
    public void Scopes_parse_normalize_and_admin_implies_all()
    {
        Scopes.Parse("incidents:write, read", out var unknown).ShouldBe([Scopes.Read, Scopes.IncidentsWrite]);
        unknown.ShouldBeEmpty();
        Scopes.Parse("admin", out _).ShouldBe(Scopes.All);
        Scopes.Parse("read write", out unknown);
        unknown.ShouldBe(["write"]);
        Roles.ScopesOf(UserRole.Viewer).ShouldBe([Scopes.Read]);
        Roles.ScopesOf(UserRole.Editor).ShouldNotContain(Scopes.Admin);
    }

    [Fact]
    public void Tokens_are_long_random_and_hashed_and_recovery_codes_normalize()
    {
        var a = Secrets.NewToken();
        a.ShouldStartWith("pharos_");
        a.Length.ShouldBeGreaterThan(40);
        a.ShouldNotBe(Secrets.NewToken());
        Secrets.Hash(a).Length.ShouldBe(64);
        var codes = Secrets.NewRecoveryCodes();
        codes.Count.ShouldBe(10);
        codes.Distinct().Count().ShouldBe(10);
        Secrets.NormalizeRecoveryCode(" ABCD-efgh-2345 ").ShouldBe("abcdefgh2345");
    }

    [Fact]
    public void Audit_csv_quotes_fields_and_defuses_formulas()
    {
        var csv = AuditCsv.Write([new AuditEntry
        {
            Id = 7,
            At = DateTimeOffset.Parse("2026-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            Actor = new Actor("user", "u1", "=HYPERLINK(\"x\")", "127.0.0.1"),
            Action = "incident.create",
            TargetType = "incident",
            TargetId = "abc",
            Summary = "Opened \"Checkout, cart\"\nsecond line",
        }]);
        var lines = csv.Split("\r\n");
        lines[0].ShouldStartWith("id,at_utc,");
        csv.ShouldContain("\"'=HYPERLINK(\"\"x\"\")\"");
        csv.ShouldContain("\"Opened \"\"Checkout, cart\"\"\nsecond line\"");
        csv.ShouldContain("2026-03-01T10:00:00.000Z");
    }
}
