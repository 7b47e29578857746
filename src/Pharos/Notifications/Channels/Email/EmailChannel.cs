using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Pharos.Notifications.Channels.Email;

/// <summary>
/// Sends email through a pool of SMTP connections. The SMTP reply decides: 4xx (451 greylisting, a full queue) is
/// worth retrying, 5xx (550 no such user, 554 refused) is not; a dropped connection or a timeout is retried. The
/// Message-ID comes from the idempotency key, so a repeat after a lost reply is recognisable as one.
/// </summary>
public sealed partial class EmailChannel : INotificationChannel, IDisposable
{
    private readonly EmailConfig _config;
    private readonly ChannelContext _context;
    private readonly SmtpPool _pool;
    private readonly string? _password;
    private readonly ILogger _logger;

    public EmailChannel(EmailConfig config, ChannelContext context)
    {
        _config = config;
        _context = context;
        _password = config.Password?.Read();
        _pool = new SmtpPool(config, _password, Math.Max(1, config.Concurrency));
        _logger = context.Logs.CreateLogger<EmailChannel>();
    }

    public string Id => _config.Id;

    public string Type => _config.Type;

    public int Concurrency => _config.Concurrency;

    public async Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        MimeMessage mime;
        MailboxAddress[] recipients;
        try
        {
            mime = EmailRenderer.Render(message, _config, _context.Site, _context.Time.GetUtcNow());
            recipients = message.Recipient is { } r ? [MailboxAddress.Parse(r.Address)] : [.. _config.To.Select(a => new MailboxAddress(a.Name, a.Address))];
        }
        catch (ParseException)
        {
            return DeliveryResult.Fail($"subscriber {message.Recipient?.SubscriberId}'s address is not a valid email address");
        }

        using var rendered = mime;

        if (recipients.Length == 0)
        {
            return DeliveryResult.Fail("the channel has no 'to' addresses");
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Wall-clock time: the timeout bounds real I/O, which a test's fake clock must not cut short.
        linked.CancelAfter(_config.Timeout);
        // One more go on a fresh connection when a reused one turns out to have been dropped by the server while idle.
        for (var attempt = 0; ; attempt++)
        {
            var reusable = false;
            SmtpClient? client = null;
            var fresh = true;
            try
            {
                (client, fresh) = await _pool.RentAsync(_config.Timeout, linked.Token).ConfigureAwait(false);
                await client.SendAsync(mime, _config.From, recipients, linked.Token).ConfigureAwait(false);
                reusable = true;
                return DeliveryResult.Ok();
            }
            catch (SmtpCommandException e)
            {
                // The reply ended the transaction; the connection itself is fine unless the server is closing it.
                reusable = (int)e.StatusCode != 421;
                var code = (int)e.StatusCode;
                var error = $"SMTP {code}: {OneLine(e.Message)}";
                return code is >= 400 and < 500 ? DeliveryResult.Retry(error) : DeliveryResult.Fail(error);
            }
            catch (AuthenticationException e)
            {
                return DeliveryResult.Fail($"SMTP authentication as {_config.Username} failed: {OneLine(e.Message)}");
            }
            catch (SslHandshakeException e)
            {
                return DeliveryResult.Fail($"TLS with {_config.Host}:{_config.Port} failed: {OneLine(e.Message)}");
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return DeliveryResult.Retry($"no answer from {_config.Host}:{_config.Port} within {_config.Timeout.TotalSeconds:0.###} s");
            }
            catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException or TimeoutException)
            {
                if (client is not null && !fresh && attempt == 0)
                {
                    LogReconnecting(_logger, _config.Id, e.GetType().Name);
                    _pool.Return(client, reusable: false);
                    client = null;
                    continue;
                }

                return DeliveryResult.Retry($"SMTP connection to {_config.Host}:{_config.Port} failed: {OneLine(e.Message)}");
            }
            finally
            {
                if (client is not null)
                {
                    _pool.Return(client, reusable);
                }
            }
        }
    }

    private string OneLine(string text)
    {
        text = text.Replace('\r', ' ').Replace('\n', ' ').Trim();
        return _password is { Length: >= 4 } p ? text.Replace(p, "[secret]", StringComparison.Ordinal) : text;
    }

    public void Dispose() => _pool.Dispose();

    [LoggerMessage(EventId = 9110, Level = LogLevel.Debug, Message = "Email channel {Channel}: a pooled SMTP connection was gone ({Error}); sending on a new one")]
    private static partial void LogReconnecting(ILogger logger, string channel, string error);
}
