using System.Text;
using System.Xml;

namespace Pharos.StatusPage.Feeds;

/// <summary>
/// An <see cref="XmlWriter"/> that cleans every piece of text as it is written (<see cref="XmlChars"/>), so no
/// caller can forget to and a stray control character costs one character, not the feed. It writes UTF-8 and says
/// so: <c>XmlWriter.Create(StringBuilder)</c> would declare utf-16 whatever its settings ask.
/// </summary>
internal sealed class CleanXmlWriter : XmlWriter
{
    private readonly Utf8StringWriter _text = new();
    private readonly XmlWriter _inner;

    public CleanXmlWriter(bool indent = true)
    {
        _inner = Create(_text, new XmlWriterSettings { Indent = indent, Encoding = new UTF8Encoding(false), CheckCharacters = true });
    }

    /// <summary>The document so far; complete once the root element is closed.</summary>
    public override string ToString()
    {
        _inner.Flush();
        return _text.ToString();
    }

    public override WriteState WriteState => _inner.WriteState;

    public override XmlWriterSettings? Settings => _inner.Settings;

    public override void WriteString(string? text) => _inner.WriteString(text is null ? null : XmlChars.Clean(text));

    public override void WriteChars(char[] buffer, int index, int count) => WriteString(new string(buffer, index, count));

    public override void WriteCData(string? text) => _inner.WriteCData(text is null ? null : XmlChars.Clean(text));

    public override void WriteComment(string? text) => _inner.WriteComment(text is null ? null : XmlChars.Clean(text));

    public override void WriteRaw(string data) => _inner.WriteRaw(XmlChars.Clean(data));

    public override void WriteRaw(char[] buffer, int index, int count) => WriteRaw(new string(buffer, index, count));

    public override void WriteWhitespace(string? ws) => _inner.WriteWhitespace(ws);

    public override void WriteCharEntity(char ch) => WriteString(ch.ToString());

    public override void WriteSurrogateCharEntity(char lowChar, char highChar) => WriteString(new string([highChar, lowChar]));

    public override void WriteEntityRef(string name) => _inner.WriteEntityRef(name);

    public override void WriteProcessingInstruction(string name, string? text) => _inner.WriteProcessingInstruction(name, text is null ? null : XmlChars.Clean(text));

    public override void WriteDocType(string name, string? pubid, string? sysid, string? subset) => _inner.WriteDocType(name, pubid, sysid, subset);

    public override void WriteStartDocument() => _inner.WriteStartDocument();

    public override void WriteStartDocument(bool standalone) => _inner.WriteStartDocument(standalone);

    public override void WriteEndDocument() => _inner.WriteEndDocument();

    public override void WriteStartElement(string? prefix, string localName, string? ns) => _inner.WriteStartElement(prefix, localName, ns);

    public override void WriteEndElement() => _inner.WriteEndElement();

    public override void WriteFullEndElement() => _inner.WriteFullEndElement();

    public override void WriteStartAttribute(string? prefix, string localName, string? ns) => _inner.WriteStartAttribute(prefix, localName, ns);

    public override void WriteEndAttribute() => _inner.WriteEndAttribute();

    public override void WriteBase64(byte[] buffer, int index, int count) => _inner.WriteBase64(buffer, index, count);

    public override string? LookupPrefix(string ns) => _inner.LookupPrefix(ns);

    public override void Flush() => _inner.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _text.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>A StringWriter that reports UTF-8, which is what the XML declaration is taken from.</summary>
    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter()
            : base(System.Globalization.CultureInfo.InvariantCulture)
        {
        }

        public override Encoding Encoding { get; } = new UTF8Encoding(false);
    }
}
