using System.Net.Sockets;
using System.Text;

namespace Pharos.Demo;

/// <summary>One client's conversation: the state of its transaction and the reading of its lines.</summary>
internal sealed class DemoSmtpSession(NetworkStream stream, DemoInbox inbox, CancellationToken stopping)
{
    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;
    private bool _greeted;
    private string? _from;
    private readonly List<string> _to = [];

    public async Task RunAsync()
    {
        await ReplyAsync("220 pharos-demo-sink ESMTP ready (demo: messages stay here, nothing is relayed)").ConfigureAwait(false);
        while (true)
        {
            var (line, tooLong) = await ReadLineAsync().ConfigureAwait(false);
            if (line is null)
            {
                return;
            }

            if (tooLong)
            {
                await ReplyAsync("500 5.5.2 Line too long").ConfigureAwait(false);
                continue;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var verb = (space < 0 ? line : line[..space]).ToUpperInvariant();
            var arg = space < 0 ? "" : line[(space + 1)..].Trim();
            if (!await HandleAsync(verb, arg).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Answers one command; false when the session ends.</summary>
    private async Task<bool> HandleAsync(string verb, string arg)
    {
        switch (verb)
        {
            case "EHLO":
                Reset();
                _greeted = true;
                await ReplyAsync($"250-pharos-demo-sink greets {Printable(arg)}\r\n250-SIZE {DemoSmtpSink.MaxMessage}\r\n250-8BITMIME\r\n250 SMTPUTF8").ConfigureAwait(false);
                return true;
            case "HELO":
                Reset();
                _greeted = true;
                await ReplyAsync("250 pharos-demo-sink").ConfigureAwait(false);
                return true;
            case "MAIL":
                await ReplyAsync(Mail(arg)).ConfigureAwait(false);
                return true;
            case "RCPT":
                await ReplyAsync(Rcpt(arg)).ConfigureAwait(false);
                return true;
            case "DATA":
                if (_from is null || _to.Count == 0)
                {
                    await ReplyAsync("503 5.5.1 Need MAIL and RCPT first").ConfigureAwait(false);
                    return true;
                }

                await ReplyAsync("354 End data with <CR><LF>.<CR><LF>").ConfigureAwait(false);
                return await DataAsync().ConfigureAwait(false);
            case "RSET":
                Reset();
                await ReplyAsync("250 2.0.0 OK").ConfigureAwait(false);
                return true;
            case "NOOP":
                await ReplyAsync("250 2.0.0 OK").ConfigureAwait(false);
                return true;
            case "VRFY":
                await ReplyAsync("252 2.1.5 Cannot verify, but will accept").ConfigureAwait(false);
                return true;
            case "QUIT":
                await ReplyAsync("221 2.0.0 Bye").ConfigureAwait(false);
                return false;
            default:
                await ReplyAsync("502 5.5.1 Command not implemented").ConfigureAwait(false);
                return true;
        }
    }

    private string Mail(string arg)
    {
        if (!_greeted)
        {
            return "503 5.5.1 Say EHLO first";
        }

        if (!TryPath(arg, "FROM:", out var from, out var parameters))
        {
            return "501 5.5.4 Syntax: MAIL FROM:<address>";
        }

        foreach (var p in parameters)
        {
            if (p.StartsWith("SIZE=", StringComparison.OrdinalIgnoreCase) && long.TryParse(p[5..], out var size) && size > DemoSmtpSink.MaxMessage)
            {
                return "552 5.3.4 Message too big";
            }
        }

        Reset();
        _from = from;
        return "250 2.1.0 OK";
    }

    private string Rcpt(string arg)
    {
        if (_from is null)
        {
            return "503 5.5.1 Need MAIL first";
        }

        if (!TryPath(arg, "TO:", out var to, out _) || to.Length == 0)
        {
            return "501 5.5.4 Syntax: RCPT TO:<address>";
        }

        if (_to.Count >= DemoSmtpSink.MaxRecipients)
        {
            return "452 4.5.3 Too many recipients";
        }

        _to.Add(to);
        return "250 2.1.5 OK";
    }

    /// <summary>Reads the message up to the lone dot, undoing dot-stuffing (RFC 5321 4.5.2); keeps reading past the limits so the session stays in step.</summary>
    private async Task<bool> DataAsync()
    {
        var text = new StringBuilder();
        var size = 0;
        var tooBig = false;
        var lineTooLong = false;
        while (true)
        {
            var (line, tooLong) = await ReadLineAsync().ConfigureAwait(false);
            if (line is null)
            {
                return false;
            }

            if (line == ".")
            {
                break;
            }

            lineTooLong |= tooLong;
            var unstuffed = line.StartsWith('.') ? line[1..] : line;
            size += unstuffed.Length + 2;
            if (size > DemoSmtpSink.MaxMessage)
            {
                tooBig = true;
            }
            else if (!tooBig)
            {
                text.Append(unstuffed).Append("\r\n");
            }
        }

        var reply = tooBig ? "552 5.3.4 Message too big"
            : lineTooLong ? "500 5.5.2 Line too long"
            : Accept(text.ToString());
        Reset();
        await ReplyAsync(reply).ConfigureAwait(false);
        return true;
    }

    private string Accept(string raw)
    {
        var mail = DemoMail.Parse(raw);
        var stored = inbox.Add("email", _from ?? "", [.. _to], mail.Subject, mail.Headers.GetValueOrDefault("message-id"), mail.Headers, mail.Text);
        return $"250 2.0.0 OK queued as {stored.Number}";
    }

    private void Reset()
    {
        _from = null;
        _to.Clear();
    }

    /// <summary>"FROM:&lt;a@b&gt; SIZE=10" into the address and its parameters; the null path &lt;&gt; is allowed.</summary>
    private static bool TryPath(string arg, string prefix, out string address, out string[] parameters)
    {
        address = "";
        parameters = [];
        if (!arg.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = arg[prefix.Length..].TrimStart();
        var close = rest.IndexOf('>', StringComparison.Ordinal);
        if (!rest.StartsWith('<') || close < 0)
        {
            return false;
        }

        address = rest[1..close];
        parameters = rest[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return true;
    }

    private static string Printable(string s) => new([.. s.Where(c => c is >= ' ' and <= '~').Take(100)]);

    private Task ReplyAsync(string reply) => stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), stopping).AsTask();

    /// <summary>
    /// The next line without its CRLF (a bare LF ends a line too), or null at end of stream. A line longer than
    /// <see cref="DemoSmtpSink.MaxLine"/> is read to its end and discarded, and reported as too long.
    /// </summary>
    private async Task<(string? Line, bool TooLong)> ReadLineAsync()
    {
        var line = new List<byte>(128);
        var tooLong = false;
        while (true)
        {
            if (_start == _end)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                idle.CancelAfter(DemoSmtpSink.Idle);
                _start = 0;
                _end = await stream.ReadAsync(_buffer, idle.Token).ConfigureAwait(false);
                if (_end == 0)
                {
                    return (null, false);
                }
            }

            var lf = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var stop = lf < 0 ? _end : lf;
            if (!tooLong)
            {
                line.AddRange(_buffer.AsSpan(_start, stop - _start));
                if (line.Count > DemoSmtpSink.MaxLine)
                {
                    tooLong = true;
                    line.Clear();
                }
            }

            _start = lf < 0 ? _end : lf + 1;
            if (lf >= 0)
            {
                if (line.Count > 0 && line[^1] == '\r')
                {
                    line.RemoveAt(line.Count - 1);
                }

                return (tooLong ? "" : Encoding.UTF8.GetString([.. line]), tooLong);
            }
        }
    }
}
