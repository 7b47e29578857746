using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Pharos.FailoverSite;

/// <summary>
/// Reads what the index needs of a certificate, its DNS names and validity, straight from its DER (RFC 5280
/// section 4.1) without building an X509Certificate2: scanning 10,000 certificates is then a matter of file reads.
/// </summary>
internal static class CertificateDer
{
    private const string SubjectAltName = "2.5.29.17";

    /// <summary>The first CERTIFICATE of a PEM text; null when it has no SAN DNS names (the caller falls back to the CN).</summary>
    /// <exception cref="CryptographicException">No certificate in the text, or DER that is not one.</exception>
    public static (string[] Names, DateTime NotBefore, DateTime NotAfter)? Read(string pem)
    {
        var der = FirstCertificate(pem);
        try
        {
            var tbs = new AsnReader(der, AsnEncodingRules.DER).ReadSequence().ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                tbs.ReadEncodedValue(); // version
            }

            tbs.ReadEncodedValue(); // serialNumber
            tbs.ReadEncodedValue(); // signature
            tbs.ReadEncodedValue(); // issuer
            var validity = tbs.ReadSequence();
            var notBefore = ReadTime(validity);
            var notAfter = ReadTime(validity);
            tbs.ReadEncodedValue(); // subject
            tbs.ReadEncodedValue(); // subjectPublicKeyInfo
            var names = new List<string>();
            var extensionsTag = new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true);
            while (tbs.HasData)
            {
                if (!tbs.PeekTag().HasSameClassAndValue(extensionsTag))
                {
                    tbs.ReadEncodedValue(); // issuerUniqueID, subjectUniqueID
                    continue;
                }

                var extensions = tbs.ReadSequence(extensionsTag).ReadSequence();
                while (extensions.HasData)
                {
                    var extension = extensions.ReadSequence();
                    var oid = extension.ReadObjectIdentifier();
                    if (extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
                    {
                        extension.ReadBoolean(); // critical
                    }

                    var value = extension.ReadOctetString();
                    if (oid == SubjectAltName)
                    {
                        AddDnsNames(value, names);
                    }
                }
            }

            return names.Count == 0 ? null : ([.. names], notBefore, notAfter);
        }
        catch (AsnContentException e)
        {
            throw new CryptographicException($"not a certificate: {e.Message}", e);
        }
    }

    /// <summary>GeneralNames (RFC 5280 section 4.2.1.6): the dNSName [2] entries, lower case.</summary>
    private static void AddDnsNames(byte[] value, List<string> names)
    {
        var dnsName = new Asn1Tag(TagClass.ContextSpecific, 2);
        var generalNames = new AsnReader(value, AsnEncodingRules.DER).ReadSequence();
        while (generalNames.HasData)
        {
            if (generalNames.PeekTag().HasSameClassAndValue(dnsName))
            {
                names.Add(generalNames.ReadCharacterString(UniversalTagNumber.IA5String, dnsName).ToLowerInvariant());
            }
            else
            {
                generalNames.ReadEncodedValue();
            }
        }
    }

    private static DateTime ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime().UtcDateTime : reader.ReadGeneralizedTime().UtcDateTime;

    private static byte[] FirstCertificate(string pem)
    {
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                return Convert.FromBase64String(rest[fields.Base64Data].ToString());
            }

            rest = rest[fields.Location.End..];
        }

        throw new CryptographicException("no CERTIFICATE in the PEM file");
    }
}
