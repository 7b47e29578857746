using Pharos.Accounts;
using Pharos.Audit;

namespace Pharos.Tests.Accounts;

public class SmallPartsTests
{
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
