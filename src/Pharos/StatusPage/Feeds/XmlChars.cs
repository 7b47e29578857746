using System.Text;
using System.Xml;

namespace Pharos.StatusPage.Feeds;

/// <summary>
/// Removes what XML 1.0 forbids (section 2.2: C0 controls other than tab, LF and CR; U+FFFE and U+FFFF; unpaired
/// surrogates). Incident text comes from people and from check errors, and one such character would make the whole
/// feed unreadable; escaping cannot help, since even <c>&amp;#x7;</c> is not allowed.
/// </summary>
internal static class XmlChars
{
    /// <summary>The text unchanged (the same instance) when it is clean, which is nearly always.</summary>
    public static string Clean(string text)
    {
        var first = FirstForbidden(text);
        if (first < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (XmlConvert.IsXmlChar(c))
            {
                sb.Append(c);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c))
            {
                sb.Append(c).Append(text[i + 1]);
                i++;
            }
        }

        return sb.ToString();
    }

    private static int FirstForbidden(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                continue;
            }

            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                i++;
                continue;
            }

            return i;
        }

        return -1;
    }
}
