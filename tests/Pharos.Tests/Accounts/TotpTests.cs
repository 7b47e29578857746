using System.Text;
using Pharos.Accounts;

namespace Pharos.Tests.Accounts;

public class TotpTests
{
    // RFC 6238 appendix B: the SHA-1 key is the ASCII string "12345678901234567890"; the 8-digit values' last 6 digits are the 6-digit codes.
    private static readonly byte[] RfcKey = Encoding.ASCII.GetBytes("12345678901234567890");

    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1111111111L, "050471")]
    [InlineData(1234567890L, "005924")]
    [InlineData(2000000000L, "279037")]
    [InlineData(20000000000L, "353130")]
    public void Codes_match_the_rfc_6238_test_vectors(long unixSeconds, string expected) =>
        Totp.Code(RfcKey, Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds))).ShouldBe(expected);

    [Fact]
    public void A_code_is_accepted_one_step_either_side_and_not_two()
    {
        var secret = Base32.Encode(RfcKey);
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var step = Totp.StepAt(now);
        Totp.Verify(secret, Totp.Code(RfcKey, step - 1), now, 0).ShouldBe(step - 1);
        Totp.Verify(secret, Totp.Code(RfcKey, step + 1), now, 0).ShouldBe(step + 1);
        Totp.Verify(secret, Totp.Code(RfcKey, step - 2), now, 0).ShouldBeNull();
        Totp.Verify(secret, Totp.Code(RfcKey, step + 2), now, 0).ShouldBeNull();
    }

    [Fact]
    public void A_code_for_a_step_already_used_is_refused()
    {
        var secret = Base32.Encode(RfcKey);
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var step = Totp.StepAt(now);
        Totp.Verify(secret, Totp.Code(RfcKey, step), now, lastUsedStep: step).ShouldBeNull();
        Totp.Verify(secret, Totp.Code(RfcKey, step - 1), now, lastUsedStep: step - 1).ShouldBeNull();
        Totp.Verify(secret, "12345", now, 0).ShouldBeNull();
        Totp.Verify(secret, null, now, 0).ShouldBeNull();
    }

    [Fact]
    public void Base32_round_trips_and_matches_rfc_4648()
    {
        Base32.Encode("foobar"u8).ShouldBe("MZXW6YTBOI");
        Base32.Decode("mzxw 6ytb oi").ShouldBe("foobar"u8.ToArray());
        var random = System.Security.Cryptography.RandomNumberGenerator.GetBytes(20);
        Base32.Decode(Base32.Encode(random)).ShouldBe(random);
        Totp.NewSecret().Length.ShouldBe(32);
    }

    [Fact]
    public void Enrolment_uri_is_what_authenticator_apps_read()
    {
        var uri = Totp.EnrolmentUri("Test Shop", "alice", "ABC");
        uri.ShouldBe("otpauth://totp/Test%20Shop:alice?secret=ABC&issuer=Test%20Shop&algorithm=SHA1&digits=6&period=30");
    }
}
