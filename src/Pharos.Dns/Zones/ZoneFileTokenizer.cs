namespace Pharos.Dns.Zones;

/// <summary>One token of a zone file; escapes are kept as written and undone by whoever reads the token.</summary>
internal readonly record struct ZoneToken(string Text, bool Quoted);

/// <summary>One logical entry of a zone file: parentheses joined, comments dropped (RFC 1035 §5.1).</summary>
internal sealed record ZoneLine(int LineNumber, bool StartsWithBlank, IReadOnlyList<ZoneToken> Tokens);

/// <summary>Splits master-file text into logical lines of tokens (RFC 1035 §5.1).</summary>
internal static class ZoneFileTokenizer
{
    public static IEnumerable<ZoneLine> Tokenize(string text)
    {
        var tokens = new List<ZoneToken>();
        int line = 1, entryLine = 1, depth = 0;
        bool startsWithBlank = false, atLineStart = true;
        var current = new System.Text.StringBuilder();
        bool inToken = false;
        for (int i = 0; i <= text.Length; i++)
        {
            char c = i < text.Length ? text[i] : '\n';
            if (atLineStart && depth == 0)
            {
                entryLine = line;
                startsWithBlank = c is ' ' or '\t';
                atLineStart = false;
            }
            if (c == '"')
            {
                EndToken();
                int start = i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        current.Append(text[i++]);
                    }

                    if (text[i] == '\n')
                    {
                        line++;
                    }

                    current.Append(text[i++]);
                }
                if (i >= text.Length)
                {
                    throw new DnsFormatException(line, $"line {line}: unterminated quoted string starting at character {start}");
                }

                tokens.Add(new ZoneToken(current.ToString(), true));
                current.Clear();
                continue;
            }
            if (c == '\\' && i + 1 < text.Length)
            {
                current.Append(c).Append(text[++i]);
                inToken = true;
                continue;
            }
            if (c == ';')
            {
                while (i + 1 < text.Length && text[i + 1] != '\n')
                {
                    i++;
                }

                continue;
            }
            if (c == '(') { EndToken(); depth++; continue; }
            if (c == ')')
            {
                EndToken();
                if (--depth < 0)
                {
                    throw new DnsFormatException(line, $"line {line}: unbalanced ')'");
                }

                continue;
            }
            if (c is ' ' or '\t' or '\r') { EndToken(); continue; }
            if (c == '\n')
            {
                EndToken();
                if (depth == 0)
                {
                    if (tokens.Count > 0)
                    {
                        yield return new ZoneLine(entryLine, startsWithBlank, tokens.ToArray());
                    }

                    tokens.Clear();
                    atLineStart = true;
                }
                line++;
                continue;
            }
            current.Append(c);
            inToken = true;
        }
        if (depth != 0)
        {
            throw new DnsFormatException(line, $"line {line}: unbalanced '('");
        }

        void EndToken()
        {
            if (!inToken)
            {
                return;
            }

            tokens.Add(new ZoneToken(current.ToString(), false));
            current.Clear();
            inToken = false;
        }
    }
}
