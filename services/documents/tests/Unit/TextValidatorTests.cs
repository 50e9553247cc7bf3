using System.Text;
using Ideation.Documents.Detection;

namespace Ideation.Documents.Tests.Unit;

public sealed class TextValidatorTests
{
    [Theory]
    [InlineData("plain ascii\n", true)]
    [InlineData("tab\tcr\rlf\n", true)]
    [InlineData("naïve café 数据 🚲", true)]
    [InlineData("nul\0inside", false)]
    [InlineData("escape\u001b[0m", false)]
    [InlineData("delete\u007f", false)]
    [InlineData("c1 control\u0085", false)]
    public void Judges_text(string text, bool expected)
    {
        var validator = new TextValidator();
        validator.Append(Encoding.UTF8.GetBytes(text));

        Assert.Equal(expected, validator.Complete());
    }

    [Fact]
    public void Invalid_utf8_is_not_text()
    {
        var validator = new TextValidator();
        validator.Append([0x61, 0xC3, 0x28]);

        Assert.False(validator.Complete());
    }

    [Fact]
    public void A_character_split_across_chunks_at_every_point_is_still_text()
    {
        var bytes = Encoding.UTF8.GetBytes("a🚲b€c");
        for (var split1 = 0; split1 <= bytes.Length; split1++)
        {
            for (var split2 = split1; split2 <= bytes.Length; split2++)
            {
                var validator = new TextValidator();
                validator.Append(bytes.AsSpan(0, split1));
                validator.Append(bytes.AsSpan(split1, split2 - split1));
                validator.Append(bytes.AsSpan(split2));

                Assert.True(validator.Complete(), $"split at {split1} and {split2}");
            }
        }
    }

    [Fact]
    public void A_stream_ending_inside_a_character_is_not_text()
    {
        var validator = new TextValidator();
        validator.Append(Encoding.UTF8.GetBytes("🚲").AsSpan(0, 3));

        Assert.True(validator.IsText);
        Assert.False(validator.Complete());
    }
}
