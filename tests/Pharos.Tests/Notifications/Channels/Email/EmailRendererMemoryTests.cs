using System.Runtime.CompilerServices;
using MimeKit;
using Pharos.Notifications.Channels.Email;
using static Pharos.Tests.Notifications.Channels.ChannelTestKit;

namespace Pharos.Tests.Notifications.Channels.Email;

/// <summary>A rendered email is garbage once sent: nothing the channel keeps (its config's addresses) may hold on to it.</summary>
public sealed class EmailRendererMemoryTests
{
    [Fact]
    public void Rendered_messages_are_not_kept_alive_by_the_configured_addresses()
    {
        var config = new EmailConfig
        {
            Id = "mail",
            Host = "127.0.0.1",
            Port = 25,
            Tls = SmtpTls.None,
            From = MailboxAddress.Parse("Pharos <pharos@test.example>"),
            To = [MailboxAddress.Parse("ops@test.example")],
        };
        var rendered = RenderAndForget(config, 100);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        rendered.Count(w => w.TryGetTarget(out _)).ShouldBe(0, "bench/notify once held every email sent through the From address's event handlers");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference<MimeMessage>> RenderAndForget(EmailConfig config, int count) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var m = EmailRenderer.Render(Message(key: $"k{i}"), config, Site, At);
            return new WeakReference<MimeMessage>(m);
        }).ToList();
}
