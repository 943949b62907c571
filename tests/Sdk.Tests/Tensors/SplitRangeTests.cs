using Edu.Sdk.Tensors;

namespace Edu.Sdk.Tests.Tensors;

/// <summary>The parts of a split job (convolutions by images, poolings by planes) cover every item once, evenly.</summary>
public class SplitRangeTests
{
    [Fact]
    public void Parts_tile_the_items_in_order_and_differ_by_at_most_one()
    {
        for (int count = 0; count <= 40; count++)
            for (int parts = 1; parts <= 6; parts++)
            {
                int next = 0, least = int.MaxValue, most = 0;
                for (int part = 0; part < parts; part++)
                {
                    var (from, to) = SplitRange.Of(count, parts, part);
                    Assert.Equal(next, from);
                    next = to;
                    least = Math.Min(least, to - from);
                    most = Math.Max(most, to - from);
                }
                Assert.Equal(count, next);
                Assert.True(most - least <= 1, $"{count} items in {parts} parts: sizes from {least} to {most}");
            }
    }
}
