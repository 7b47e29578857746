using Microsoft.Extensions.Time.Testing;

namespace Pharos.Tests.Support;

/// <summary>
/// The tests' clock: Microsoft's <see cref="FakeTimeProvider"/>, moved by hand (timers fire as it passes their due
/// time), in UTC, under the short name the tests use.
/// </summary>
public sealed class FakeTime(DateTimeOffset start) : FakeTimeProvider(start);
