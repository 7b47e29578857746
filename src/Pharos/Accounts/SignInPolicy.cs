namespace Pharos.Accounts;

/// <summary>
/// How failed sign-ins slow further ones down. There is no lockout: a lock that anyone who knows a name can trigger
/// lets strangers shut people out (during an outage, when the status page matters most). Instead:
/// <list type="bullet">
/// <item>per client address, after <see cref="FreeFailures"/> failures each further attempt must wait a doubling
/// time (up to <see cref="MaxAddressWait"/>); an attempt too soon is refused unexamined. A guesser slows only itself.</item>
/// <item>per account, after <see cref="FreeFailures"/> failures every attempt is answered only after a short, doubling
/// hold (up to <see cref="MaxAccountHold"/>), right password or not, so the owner still gets in within seconds.</item>
/// </list>
/// Failures are forgotten after <see cref="FailureMemory"/> without one, and an account's on its next success.
/// </summary>
public static class SignInPolicy
{
    /// <summary>ASP.NET Core Identity's MaxFailedAccessAttempts default.</summary>
    public const int FreeFailures = 5;

    /// <summary>Attempts of any outcome per address per minute, so a flood costs no PBKDF2 time.</summary>
    public const int AttemptsPerAddressPerMinute = 20;

    public static readonly TimeSpan FailureMemory = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan MaxAddressWait = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan MaxAccountHold = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan FirstAddressWait = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan FirstAccountHold = TimeSpan.FromMilliseconds(250);

    /// <summary>How long after its last failure an address must wait before its next attempt is examined.</summary>
    public static TimeSpan AddressWait(int failures) => Doubling(failures, FirstAddressWait, MaxAddressWait);

    /// <summary>How long an attempt on an account with this many recent failures is held before it is answered.</summary>
    public static TimeSpan AccountHold(int failures) => Doubling(failures, FirstAccountHold, MaxAccountHold);

    private static TimeSpan Doubling(int failures, TimeSpan first, TimeSpan max)
    {
        if (failures < FreeFailures)
        {
            return TimeSpan.Zero;
        }

        var doublings = Math.Min(failures - FreeFailures, 30);
        var ticks = first.Ticks * (1L << doublings);
        return ticks >= max.Ticks || ticks <= 0 ? max : TimeSpan.FromTicks(ticks);
    }
}
