namespace Pharos.Dns.Tests.Wire;

public sealed class DnsNameTests
{
    [Fact]
    public void Names_compare_without_regard_to_case()
    {
        DnsName.Parse("WWW.Example.TEST").ShouldBe(DnsName.Parse("www.example.test."));
        DnsName.Parse("WWW.Example.TEST").GetHashCode().ShouldBe(DnsName.Parse("www.example.test.").GetHashCode());
        DnsName.Parse("WWW.Example.TEST").ToString().ShouldBe("WWW.Example.TEST.");
    }

    [Theory]
    [InlineData(@"a\.b.example.", @"a\.b.example.", 2)]
    [InlineData(@"sp\032ace.example.", @"sp\032ace.example.", 2)]
    [InlineData(@"back\\slash.", @"back\\slash.", 1)]
    [InlineData(".", ".", 0)]
    public void Escapes_parse_and_print_back(string text, string printed, int labels)
    {
        var name = DnsName.Parse(text);
        name.ToString().ShouldBe(printed);
        name.LabelCount.ShouldBe(labels);
    }

    [Fact]
    public void Relative_names_take_the_origin()
    {
        DnsName.Parse("www", DnsName.Parse("example.test.")).ToString().ShouldBe("www.example.test.");
        DnsName.Parse("@", DnsName.Parse("example.test.")).ToString().ShouldBe("example.test.");
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData("\\256.x")]
    public void Malformed_names_are_rejected(string text) => Should.Throw<DnsFormatException>(() => DnsName.Parse(text));

    [Fact]
    public void Over_long_labels_and_names_are_rejected()
    {
        Should.Throw<DnsFormatException>(() => DnsName.Parse(new string('a', 64) + ".test."));
        Should.Throw<DnsFormatException>(() => DnsName.Parse(string.Join('.', Enumerable.Repeat(new string('a', 63), 4)) + "."));
    }

    [Fact]
    public void Subdomains_and_parents_are_recognised()
    {
        var www = DnsName.Parse("www.Example.test.");
        www.IsSubdomainOf(DnsName.Parse("example.TEST.")).ShouldBeTrue();
        www.IsSubdomainOf(DnsName.Root).ShouldBeTrue();
        DnsName.Parse("xexample.test.").IsSubdomainOf(DnsName.Parse("example.test.")).ShouldBeFalse();
        www.Parent().ShouldBe(DnsName.Parse("example.test."));
        www.Parent().Prepend("*").IsWildcard.ShouldBeTrue();
    }
}
