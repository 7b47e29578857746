using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Notifications.Channels;

/// <summary>Field readers the channel types share: URLs, and URLs kept secret (a Slack webhook URL is a credential).</summary>
internal static class ChannelFields
{
    /// <summary>The type's own keys together with the common ones, for RejectUnknownKeys.</summary>
    public static string[] Keys(params string[] own) => [.. ChannelTypes.CommonKeys, .. own];

    /// <summary>An absolute http(s) URL; <paramref name="fallback"/> when the key is absent.</summary>
    public static Uri? Url(YamlReader r, YamlMappingNode map, string where, string key, bool required, Uri? fallback = null)
    {
        var text = r.String(map, key, where, required);
        if (text is null)
        {
            return fallback;
        }

        if (IsHttpUrl(text, out var uri))
        {
            return uri;
        }

        r.Error(YamlReader.Get(map, key), $"{where}: '{key}' must be an absolute http(s) URL, not '{text}'");
        return null;
    }

    /// <summary>
    /// A URL that is itself a credential, from a file or the environment; checked at load without ever showing its text.
    /// </summary>
    public static SecretSource? SecretUrl(YamlReader r, YamlMappingNode map, string where, string fileKey, string envKey, string what)
    {
        var secret = r.Secret(map, where, fileKey, envKey, $"{what} needs its webhook URL: '{fileKey}' naming a readable file or '{envKey}' naming a set environment variable");
        if (secret is null)
        {
            return null;
        }

        if (!IsHttpUrl(secret.Read(), out _))
        {
            r.Error(YamlReader.Get(map, fileKey) ?? YamlReader.Get(map, envKey), $"{where}: the {secret} does not hold an absolute http(s) URL");
            return null;
        }

        return secret;
    }

    public static bool IsHttpUrl(string text, out Uri uri) =>
        Uri.TryCreate(text, UriKind.Absolute, out uri!) && uri.Scheme is "http" or "https" && !string.IsNullOrEmpty(uri.Host);

    /// <summary>A base URL with a trailing slash, so relative paths resolve under it rather than beside it.</summary>
    public static Uri AsBase(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
