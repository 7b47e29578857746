using System.Collections.Concurrent;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Pharos.Notifications.Channels.Email;

/// <summary>
/// Up to <c>size</c> connected, signed-in SMTP clients, reused across messages: connecting and authenticating cost
/// more round trips than sending, so a burst to subscribers runs at the speed of MAIL/RCPT/DATA alone.
/// </summary>
internal sealed class SmtpPool(EmailConfig config, string? password, int size) : IDisposable
{
    private readonly ConcurrentBag<SmtpClient> _idle = [];
    private readonly SemaphoreSlim _slots = new(size, size);

    /// <summary>A client for one message and whether it was just connected (a reused one may have been dropped meanwhile).</summary>
    public async Task<(SmtpClient Client, bool Fresh)> RentAsync(TimeSpan timeout, CancellationToken ct)
    {
        await _slots.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            while (_idle.TryTake(out var idle))
            {
                if (idle.IsConnected)
                {
                    idle.Timeout = (int)timeout.TotalMilliseconds;
                    return (idle, false);
                }

                idle.Dispose();
            }

            return (await ConnectAsync(timeout, ct).ConfigureAwait(false), true);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Gives a client back: kept when it is still in a known state, closed otherwise.</summary>
    public void Return(SmtpClient client, bool reusable)
    {
        if (reusable && client.IsConnected)
        {
            _idle.Add(client);
        }
        else
        {
            client.Dispose();
        }

        _slots.Release();
    }

    private async Task<SmtpClient> ConnectAsync(TimeSpan timeout, CancellationToken ct)
    {
        var client = new SmtpClient { Timeout = (int)timeout.TotalMilliseconds };
        try
        {
            var options = config.Tls switch
            {
                SmtpTls.Implicit => SecureSocketOptions.SslOnConnect,
                SmtpTls.StartTls => SecureSocketOptions.StartTls,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(config.Host, config.Port, options, ct).ConfigureAwait(false);
            if (config.Username is not null)
            {
                await client.AuthenticateAsync(config.Username, password ?? "", ct).ConfigureAwait(false);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var c))
        {
            c.Dispose();
        }

        _slots.Dispose();
    }
}
