using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Pharos.FailoverSite;
using Pharos.Tests.Support;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.Tests.FailoverSite;

/// <summary>
/// The soft-failover proxy's own HTTP/1.1 path for requests without a body, over real sockets, against a primary
/// that sends exactly the bytes each test needs: framing (length, chunks, until close), hop-by-hop fields both ways,
/// kept connections the primary closed, malformed and smuggling-shaped heads, a body cut short, and a customer who
/// does not read.
/// </summary>
public sealed class DirectForwarderTests
{
    private static async Task<TestApp> ProxyAsync(Uri upstream) => await TestApp.StartAsync(SoftFailoverProxyTests.Yaml(FreePort(), upstream, ", timeout: 5s"));

    private static HttpClient Customer(TestApp app) => new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseProxy = false })
    {
        BaseAddress = app.Services.GetRequiredService<FailoverSiteHost>().Addresses.First(a => a.Scheme == "http"),
        Timeout = TimeSpan.FromSeconds(10),
    };

    private static HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Host = "www.example.test";
        request.Headers.Accept.ParseAdd("text/html");
        return request;
    }

    private static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> GetAsync(HttpClient client, string path = "/")
    {
        var response = await client.SendAsync(Request(HttpMethod.Get, path));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    [Fact]
    public void The_direct_path_takes_requests_without_a_body_only()
    {
        var get = new DefaultHttpContext();
        get.Request.Method = "GET";
        var upgrade = new DefaultHttpContext();
        upgrade.Request.Method = "GET";
        upgrade.Request.Headers.Upgrade = "websocket";
        var connect = new DefaultHttpContext();
        connect.Request.Method = "CONNECT";

        // DefaultHttpContext has no body detection feature: unknown means YARP, which handles every case.
        DirectForwarder.CanForward(get).ShouldBeFalse();
        foreach (var context in new[] { get, upgrade, connect })
        {
            context.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>(new NoBody());
        }

        DirectForwarder.CanForward(get).ShouldBeTrue();
        DirectForwarder.CanForward(upgrade).ShouldBeFalse();
        DirectForwarder.CanForward(connect).ShouldBeFalse();
    }

    [Fact]
    public async Task Chunked_bodies_with_extensions_and_trailers_and_bodies_until_close_reach_the_customer_whole()
    {
        var answers = new Queue<RawUpstream.Answer>(
        [
            new(Latin1("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n" +
                       "5;name=value\r\nhello\r\n1\r\n,\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n")),
            new(Latin1("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the primary closes"), Close: true),
        ]);
        await using var upstream = new RawUpstream(() => answers.Dequeue());
        await using var app = await ProxyAsync(upstream.Url());
        using var client = Customer(app);

        var chunked = await GetAsync(client);
        chunked.Status.ShouldBe(HttpStatusCode.OK);
        chunked.Body.ShouldBe("hello, world");
        chunked.Response.Headers.Contains("X-Trailer").ShouldBeFalse("trailers describe the primary's framing");

        var untilClose = await GetAsync(client);
        untilClose.Status.ShouldBe(HttpStatusCode.OK);
        untilClose.Body.ShouldBe("until the primary closes");
        upstream.Connections.ShouldBe(1, "the chunked answer left its connection ready for the next request");
    }

    [Fact]
    public async Task Hop_by_hop_fields_stay_on_their_side_both_ways_and_the_rest_pass()
    {
        await using var upstream = RawUpstream.Sending(
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive, X-Up-Private\r\nX-Up-Private: inner\r\n" +
            "Keep-Alive: timeout=5\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nX-Kept: yes\r\nDate: Mon, 01 Jan 2001 00:00:00 GMT\r\n\r\nok");
        await using var app = await ProxyAsync(upstream.Url());
        using var client = Customer(app);
        var request = Request(HttpMethod.Get, "/page?q=1");
        request.Headers.Connection.Add("X-Private");
        request.Headers.TryAddWithoutValidation("X-Private", "secret");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=9");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", "evil.example.test");
        request.Headers.TryAddWithoutValidation("X-Custom", "passes");

        using var response = await client.SendAsync(request);
        (await response.Content.ReadAsStringAsync()).ShouldBe("ok");
        response.Headers.GetValues("Set-Cookie").ShouldBe(["a=1", "b=2"]);
        response.Headers.GetValues("X-Kept").ShouldBe(["yes"]);
        response.Headers.Contains("X-Up-Private").ShouldBeFalse("named in the primary's Connection header");
        response.Headers.Contains("Keep-Alive").ShouldBeFalse();
        response.Headers.Date!.Value.Year.ShouldNotBe(2001, "the customer's server dates its own response");

        upstream.Heads.TryDequeue(out var head).ShouldBeTrue();
        var lines = head!.Split("\r\n");
        lines[0].ShouldBe("GET /page?q=1 HTTP/1.1");
        lines.ShouldContain("Host: www.example.test");
        lines.ShouldContain("X-Custom: passes");
        lines.ShouldContain("X-Forwarded-For: 127.0.0.1");
        lines.ShouldContain("X-Forwarded-Host: www.example.test");
        lines.ShouldNotContain(l => l.StartsWith("X-Private", StringComparison.OrdinalIgnoreCase) || l.StartsWith("Keep-Alive", StringComparison.OrdinalIgnoreCase)
            || l.StartsWith("Connection", StringComparison.OrdinalIgnoreCase) || l.Contains("evil", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_upstreams_path_prefix_goes_before_the_target_as_the_customer_sent_it()
    {
        await using var upstream = RawUpstream.Sending("HTTP/1.1 204 No Content\r\n\r\n");
        await using var app = await ProxyAsync(upstream.Url("/shop/"));
        using var client = Customer(app);
        (await GetAsync(client, "/a%2Fb/c?x=%20y")).Status.ShouldBe(HttpStatusCode.NoContent);
        upstream.Heads.TryDequeue(out var head).ShouldBeTrue();
        head!.Split("\r\n")[0].ShouldBe("GET /shop/a%2Fb/c?x=%20y HTTP/1.1");
    }

    [Fact]
    public async Task A_primary_at_an_IPv6_literal_is_reached()
    {
        await using var upstream = new RawUpstream(() => new RawUpstream.Answer(Latin1("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nsix!")), IPAddress.IPv6Loopback);
        upstream.Url().Host.ShouldBe("[::1]");
        await using var app = await ProxyAsync(upstream.Url());
        using var client = Customer(app);
        (await GetAsync(client)).Body.ShouldBe("six!");
    }

    [Fact]
    public async Task HEAD_and_304_answers_carry_no_body_and_keep_their_connection()
    {
        var answers = new Queue<string>(
        [
            "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nContent-Type: text/html\r\n\r\n",
            "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n\r\n",
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext",
        ]);
        await using var upstream = new RawUpstream(() => new RawUpstream.Answer(Latin1(answers.Dequeue())));
        await using var app = await ProxyAsync(upstream.Url());
        using var client = Customer(app);

        using var head = await client.SendAsync(Request(HttpMethod.Head, "/"));
        head.StatusCode.ShouldBe(HttpStatusCode.OK);
        head.Content.Headers.ContentLength.ShouldBe(1234);
        (await head.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();

        var notModified = await GetAsync(client);
        notModified.Status.ShouldBe(HttpStatusCode.NotModified);
        notModified.Response.Headers.ETag!.Tag.ShouldBe("\"v1\"");

        (await GetAsync(client)).Body.ShouldBe("next", "an interim 1xx answer is passed over");
        upstream.Connections.ShouldBe(1);
    }

    [Fact]
    public async Task A_kept_connection_the_primary_closed_without_a_word_is_retried_once_on_a_new_one()
    {
        // The primary answers one request per connection, then closes it without saying so: the proxy keeps it,
        // and the next request on it meets the close before any byte of an answer.
        await using var upstream = new RawUpstream(() => new RawUpstream.Answer(Latin1("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), Close: true));
        await using var app = await ProxyAsync(upstream.Url());
        using var client = Customer(app);
        for (var i = 0; i < 5; i++)
        {
            var (status, body, _) = await GetAsync(client);
            status.ShouldBe(HttpStatusCode.OK, $"request {i}");
            body.ShouldBe("ok");
        }

        upstream.Connections.ShouldBeGreaterThanOrEqualTo(5);
    }

    [Theory]
    [InlineData("garbage\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!")]
    [InlineData("HTTP/1.1 200 OK\r\nX-Folded: a\r\n b\r\nContent-Length: 2\r\n\r\nok")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n")]
    public async Task A_malformed_or_smuggling_shaped_response_gets_the_maintenance_page(string response)
    {
        await using var upstream = RawUpstream.Sending(response, close: true);
        await using var app = await ProxyAsync(upstream.Url());
        using var client = Customer(app);
        // A bad chunk size comes before any byte went to the customer: the page, not a cut connection, there too.
        var (status, body, _) = await GetAsync(client);
        status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        body.ShouldContain("http://status.example.test/");
    }

    [Fact]
    public async Task A_body_the_primary_cuts_short_aborts_the_customers_connection_instead_of_passing_a_short_page()
    {
        await using var upstream = RawUpstream.Sending("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly ten b", close: true);
        await using var app = await ProxyAsync(upstream.Url());
        using var client = Customer(app);
        await Should.ThrowAsync<HttpRequestException>(async () => await (await client.SendAsync(Request(HttpMethod.Get, "/"))).Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Large_bodies_stream_through_unchanged_by_length_and_by_chunks()
    {
        var body = RandomNumberGenerator.GetBytes(6 * 1024 * 1024 + 17);
        var chunked = false;
        await using var upstream = await LoopbackServer.StartAsync(async ctx =>
        {
            if (!chunked)
            {
                ctx.Response.ContentLength = body.Length;
            }

            for (var at = 0; at < body.Length; at += 100_000)
            {
                await ctx.Response.Body.WriteAsync(body.AsMemory(at, Math.Min(100_000, body.Length - at)), ctx.RequestAborted);
            }
        });
        await using var app = await ProxyAsync(upstream.Url());
        using var client = Customer(app);
        foreach (var byChunks in new[] { false, true })
        {
            chunked = byChunks;
            using var response = await client.SendAsync(Request(HttpMethod.Get, "/big"));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            SHA256.HashData(await response.Content.ReadAsByteArrayAsync()).ShouldBe(SHA256.HashData(body), byChunks ? "chunked" : "by length");
        }
    }

    [Fact]
    public async Task A_customer_who_does_not_read_holds_back_the_primary_not_memory_and_loses_nothing()
    {
        const long size = 256L * 1024 * 1024;
        await using var upstream = new RawUpstream(() => new RawUpstream.Answer(Latin1($"HTTP/1.1 200 OK\r\nContent-Length: {size}\r\n\r\n"), StreamedBody: size));
        await using var app = await ProxyAsync(upstream.Url());
        using var client = Customer(app);
        client.Timeout = TimeSpan.FromMinutes(1);
        using var response = await client.SendAsync(Request(HttpMethod.Get, "/huge"), HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();

        // Not reading: the primary's writes stop once the socket buffers and the proxy's small window are full.
        long last = -1;
        await Eventually.TrueAsync(async () =>
        {
            var now = upstream.BodyBytesWritten;
            var settled = now == last && now > 0;
            last = now;
            await Task.Delay(300);
            return settled;
        }, TimeSpan.FromSeconds(20), "the primary's writes to settle");
        upstream.BodyBytesWritten.ShouldBeLessThan(size / 4, "held back while the customer does not read");

        long total = 0;
        var buffer = new byte[1 << 20];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        total.ShouldBe(size, "everything arrives once the customer reads");
    }

    private static byte[] Latin1(string text) => System.Text.Encoding.Latin1.GetBytes(text);

    private sealed class NoBody : Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => false;
    }
}
