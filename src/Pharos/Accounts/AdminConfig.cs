namespace Pharos.Accounts;

/// <summary>The `admin:` section: how long a sign-in lasts.</summary>
public sealed record AdminConfig
{
    /// <summary>A session ends this long after sign-in however active it is; then the password (and code) are asked again.</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(12);

    /// <summary>A session unused this long ends (sliding: each request renews it, up to <see cref="SessionLifetime"/>).</summary>
    public TimeSpan SessionIdleTimeout { get; init; } = TimeSpan.FromHours(8);
}
