using Pharos.Dns.Tsig;

namespace Pharos.Dns.Tests.Tsig;

public sealed class TsigTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static TsigKey Key(DnsName algorithm) => new() { Name = DnsName.Parse("test-key."), Algorithm = algorithm, Secret = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 } };

    private static (byte[] Bytes, DnsMessage Parsed) Signed(TsigKey key, TimeProvider time)
    {
        var buffer = new byte[1024];
        int length = new DnsMessage { Id = 5, Questions = [new DnsQuestion(DnsName.Parse("example.test."), DnsType.SOA)] }.WriteTo(buffer);
        length = new TsigSigner(time).Sign(buffer, length, key, [], false, out _);
        var bytes = buffer[..length];
        return (bytes, DnsMessage.Parse(bytes));
    }

    public static TheoryData<string> Algorithms => new() { "hmac-sha256.", "hmac-sha512.", "hmac-sha1." };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Signed_message_verifies_with_the_same_key(string algorithm)
    {
        var key = Key(DnsName.Parse(algorithm));
        var time = new FakeTime(Now);
        var (bytes, parsed) = Signed(key, time);
        new TsigSigner(time).Verify(bytes, parsed, _ => key, [], false, out var found).ShouldBe(TsigStatus.Valid);
        found.ShouldBeSameAs(key);
    }

    [Fact]
    public void Tampered_message_is_badsig()
    {
        var key = Key(TsigKey.HmacSha256);
        var time = new FakeTime(Now);
        var (bytes, _) = Signed(key, time);
        bytes[15] ^= 0x20; // flip a letter's case inside the question name
        new TsigSigner(time).Verify(bytes, DnsMessage.Parse(bytes), _ => key, [], false, out _).ShouldBe(TsigStatus.BadSig);
    }

    [Fact]
    public void Unknown_key_or_algorithm_is_badkey()
    {
        var key = Key(TsigKey.HmacSha256);
        var time = new FakeTime(Now);
        var (bytes, parsed) = Signed(key, time);
        new TsigSigner(time).Verify(bytes, parsed, _ => null, [], false, out _).ShouldBe(TsigStatus.BadKey);
        new TsigSigner(time).Verify(bytes, parsed, _ => Key(TsigKey.HmacSha512), [], false, out _).ShouldBe(TsigStatus.BadKey);
    }

    [Fact]
    public void Signature_outside_the_fudge_is_badtime()
    {
        var key = Key(TsigKey.HmacSha256);
        var (bytes, parsed) = Signed(key, new FakeTime(Now));
        new TsigSigner(new FakeTime(Now.AddSeconds(299))).Verify(bytes, parsed, _ => key, [], false, out _).ShouldBe(TsigStatus.Valid);
        new TsigSigner(new FakeTime(Now.AddSeconds(301))).Verify(bytes, parsed, _ => key, [], false, out _).ShouldBe(TsigStatus.BadTime);
        new TsigSigner(new FakeTime(Now.AddSeconds(-301))).Verify(bytes, parsed, _ => key, [], false, out _).ShouldBe(TsigStatus.BadTime);
    }

    [Fact]
    public void Bind_key_file_is_read()
    {
        var keys = TsigKey.ParseBindKeyFile("""
            // made by tsig-keygen
            key "pharos-update" {
                algorithm hmac-sha512;
                secret "AQIDBAUGBwg=";
            };
            key other. { algorithm hmac-sha256; secret "CQoLDA=="; };
            """);
        keys.Count.ShouldBe(2);
        keys[0].Name.ShouldBe(DnsName.Parse("pharos-update."));
        keys[0].Algorithm.ShouldBe(TsigKey.HmacSha512);
        keys[0].Secret.ToArray().ShouldBe(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        keys[1].Algorithm.ShouldBe(TsigKey.HmacSha256);
    }

    [Fact]
    public void Key_file_with_an_unknown_algorithm_is_rejected() =>
        Should.Throw<FormatException>(() => TsigKey.ParseBindKeyFile("key \"k\" { algorithm hmac-md5; secret \"AQID\"; };"));
}
