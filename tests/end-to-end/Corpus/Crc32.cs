namespace Ideation.EndToEnd.Tests.Corpus;

/// <summary>
/// CRC-32 (zip's), including the CRC of gigabytes of zeros without reading them: CRCs combine
/// (zlib's crc32_combine, with polynomial arithmetic modulo the CRC polynomial), so the CRC of 2n
/// zeros follows from that of n zeros.
/// </summary>
public static class Crc32
{
    private const uint Polynomial = 0xEDB88320;
    private static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
        }

        return c;
    }).ToArray();

    public static uint Of(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    /// <summary>The CRC of <paramref name="length"/> zero bytes.</summary>
    public static uint OfZeros(long length)
    {
        uint result = 0; // the CRC of nothing
        var power = Of(new byte[1]); // the CRC of 2^k zeros, starting at one
        long powerLength = 1;
        for (var remaining = length; remaining > 0; remaining >>= 1)
        {
            if ((remaining & 1) != 0)
            {
                result = Combine(result, power, powerLength);
            }

            power = Combine(power, power, powerLength);
            powerLength <<= 1;
        }

        return result;
    }

    /// <summary>The CRC of A followed by B, from CRC(A), CRC(B) and B's length.</summary>
    public static uint Combine(uint crcA, uint crcB, long lengthB) => MultiplyModP(XPower8N(lengthB), crcA) ^ crcB;

    private static uint MultiplyModP(uint a, uint b)
    {
        var m = 1u << 31;
        var p = 0u;
        while (true)
        {
            if ((a & m) != 0)
            {
                p ^= b;
                if ((a & (m - 1)) == 0)
                {
                    break;
                }
            }

            m >>= 1;
            b = (b & 1) != 0 ? (b >> 1) ^ Polynomial : b >> 1;
        }

        return p;
    }

    /// <summary>x^(8n) modulo the polynomial: what appending n zero bytes multiplies a CRC by.</summary>
    private static uint XPower8N(long n)
    {
        var p = 1u << 31; // x^0
        var square = 1u << 30; // x^1
        // x^(2^k) for k = 0, 1, 2, then squared on: start at x^8 = x^(2^3).
        for (var k = 0; k < 3; k++)
        {
            square = MultiplyModP(square, square);
        }

        while (n != 0)
        {
            if ((n & 1) != 0)
            {
                p = MultiplyModP(square, p);
            }

            square = MultiplyModP(square, square);
            n >>= 1;
        }

        return p;
    }
}
