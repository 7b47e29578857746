using Pharos.Markdown;

namespace Pharos.Tests.StatusPage;

public class MarkdownTests
{
    private readonly MarkdownRenderer _md = new();

    [Fact]
    public void Raw_html_is_shown_as_text()
    {
        var html = _md.ToHtml("Hello <script>alert(1)</script> <img src=x onerror=alert(1)>");
        html.ShouldNotContain("<script");
        html.ShouldNotContain("<img");
        html.ShouldContain("&lt;script&gt;");
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JaVaScRiPt:alert(1))")]
    [InlineData("[click](java\tscript:alert(1))")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("[click](vbscript:msgbox)")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("![x](javascript:alert(1))")]
    public void Dangerous_links_lose_their_target(string markdown)
    {
        var html = _md.ToHtml(markdown);
        html.ShouldNotContain("javascript:", Case.Insensitive);
        html.ShouldNotContain("data:", Case.Insensitive);
        html.ShouldNotContain("vbscript:", Case.Insensitive);
    }

    [Theory]
    [InlineData("[docs](https://docs.example.com/x)", "href=\"https://docs.example.com/x\"")]
    [InlineData("[mail](mailto:ops@example.com)", "href=\"mailto:ops@example.com\"")]
    [InlineData("[rel](/incidents/abc)", "href=\"/incidents/abc\"")]
    public void Safe_links_stay(string markdown, string expected) => _md.ToHtml(markdown).ShouldContain(expected);

    [Fact]
    public void Emphasis_and_lists_render()
    {
        var html = _md.ToHtml("**bold** and *it*\n\n- one\n- two");
        html.ShouldContain("<strong>bold</strong>");
        html.ShouldContain("<li>two</li>");
    }
}
