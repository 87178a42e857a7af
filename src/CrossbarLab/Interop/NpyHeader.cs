using System.Globalization;

namespace CrossbarLab.Interop;

/// <summary>
/// The dictionary of a .npy header, e.g. <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</c>.
/// The parser accepts exactly the Python literals NumPy writes (quoted strings, True/False, tuples of non-negative
/// integers, an optional trailing 'L' from Python 2) and nothing that would need evaluating.
/// </summary>
/// <param name="Descr">The dtype string.</param>
/// <param name="FortranOrder">Whether the data is stored column-major.</param>
/// <param name="Shape">The dimensions.</param>
internal sealed record NpyHeader(string Descr, bool FortranOrder, long[] Shape)
{
    /// <summary>Parses the header text; throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static NpyHeader Parse(string text)
    {
        var reader = new Reader(text);
        string? descr = null;
        bool? fortran = null;
        long[]? shape = null;
        reader.Expect('{');
        while (!reader.TryConsume('}'))
        {
            string key = reader.ReadString();
            reader.Expect(':');
            switch (key)
            {
                case "descr" when descr is null:
                    descr = reader.PeekIs('[')
                        ? throw new FormatException("structured (record) dtypes are not supported.")
                        : reader.ReadString();
                    break;
                case "fortran_order" when fortran is null:
                    fortran = reader.ReadBool();
                    break;
                case "shape" when shape is null:
                    shape = reader.ReadTuple();
                    break;
                default:
                    throw new FormatException($"the header has an unexpected or repeated key '{key}'.");
            }
            if (!reader.TryConsume(','))
            {
                reader.Expect('}');
                break;
            }
        }
        reader.ExpectEnd();
        if (descr is null || fortran is null || shape is null)
            throw new FormatException("the header lacks one of the keys 'descr', 'fortran_order' and 'shape'.");
        return new NpyHeader(descr, fortran.Value, shape);
    }

    private sealed class Reader(string text)
    {
        private int _at;

        public void Expect(char c)
        {
            if (!TryConsume(c))
                throw new FormatException($"the header is not a valid dictionary: expected '{c}' at character {_at}.");
        }

        public bool TryConsume(char c)
        {
            SkipSpace();
            if (_at < text.Length && text[_at] == c)
            {
                _at++;
                return true;
            }
            return false;
        }

        public bool PeekIs(char c)
        {
            SkipSpace();
            return _at < text.Length && text[_at] == c;
        }

        public void ExpectEnd()
        {
            SkipSpace();
            if (_at != text.Length)
                throw new FormatException($"the header has unexpected text after its dictionary at character {_at}.");
        }

        public string ReadString()
        {
            SkipSpace();
            char quote = _at < text.Length ? text[_at] : '\0';
            if (quote is not ('\'' or '"'))
                throw new FormatException(
                    $"the header is not a valid dictionary: expected a quoted string at character {_at}.");
            int end = text.IndexOf(quote, _at + 1);
            if (end < 0)
                throw new FormatException("the header has an unterminated string.");
            string value = text[(_at + 1)..end];
            if (value.Contains('\\'))
                throw new FormatException("the header has an escaped string, which NumPy never writes.");
            _at = end + 1;
            return value;
        }

        public bool ReadBool()
        {
            SkipSpace();
            if (text.AsSpan(_at).StartsWith("True"))
            {
                _at += 4;
                return true;
            }
            if (text.AsSpan(_at).StartsWith("False"))
            {
                _at += 5;
                return false;
            }
            throw new FormatException($"'fortran_order' must be True or False (character {_at}).");
        }

        public long[] ReadTuple()
        {
            Expect('(');
            var dims = new List<long>();
            bool trailingComma = false;
            while (!TryConsume(')'))
            {
                if (dims.Count >= InteropLimits.MaxDimensions)
                    throw new FormatException($"the shape has more than {InteropLimits.MaxDimensions} dimensions.");
                dims.Add(ReadInteger());
                trailingComma = TryConsume(',');
                if (!trailingComma)
                {
                    Expect(')');
                    break;
                }
            }
            if (dims.Count == 1 && !trailingComma)
                throw new FormatException(
                    "'shape' is a number in parentheses, not a tuple (a 1-d shape is written '(n,)').");
            return dims.ToArray();
        }

        private long ReadInteger()
        {
            SkipSpace();
            int start = _at;
            while (_at < text.Length && char.IsAsciiDigit(text[_at]))
                _at++;
            var digits = text.AsSpan(start, _at - start);
            if (digits.IsEmpty)
                throw new FormatException($"the shape must hold non-negative integers (character {start}).");
            if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
                throw new FormatException($"the shape dimension {digits} is too large.");
            if (_at < text.Length && text[_at] == 'L')
                _at++;
            return value;
        }

        private void SkipSpace()
        {
            while (_at < text.Length && text[_at] is ' ' or '\t' or '\n' or '\r')
                _at++;
        }
    }
}
