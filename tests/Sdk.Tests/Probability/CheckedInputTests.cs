using Edu.Sdk.Probability;

namespace Edu.Sdk.Tests.Probability;

/// <summary>
/// Inputs the helpers took without a word, giving a wrong number or table or a bare crash (found by a review): each is
/// now a clear error naming the variable, or the right answer.
/// </summary>
public class CheckedInputTests
{
    public enum Signed { minus = -1, plus = 1 }

    static Cpt Grade() => Cpt.Of<G>().Given<S, D>([0.5, 0.3, 0.2], [0.9, 0.08, 0.02], [0.1, 0.2, 0.7], [0.3, 0.4, 0.3]);

    [Fact]
    public void Cpt_Probability_refuses_out_of_range_states_instead_of_reading_another_row()
    {
        // P(R | S) has rows s0: [0.9, 0.1], s1: [0.2, 0.8]; the flat index of (R=#2 | s0) is that of P(r0 | s1) = 0.2.
        var pR = Cpt.Of<R>().Given<S>([0.9, 0.1], [0.2, 0.8]);
        var child = Assert.ThrowsAny<ArgumentException>(() => pR.Probability(2, 0));
        Assert.Contains("R has 2 states", child.Message);

        // (s0, D=#2) is row 2, that is (s1, d0).
        var parent = Assert.ThrowsAny<ArgumentException>(() => Grade().Probability(0, 0, 2));
        Assert.Contains("D has 2 states", parent.Message);
        Assert.Equal(0.3, Grade().Probability(1, 0, 0));
        Assert.Equal(0.7, Grade().Probability(2, 1, 0));
    }

    [Fact]
    public void PointMass_with_an_out_of_range_state_is_a_clear_error()
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => Cpt.PointMass(Variable.Of<R>(), 2));
        Assert.Contains("R has 2 states", ex.Message);
        Assert.Equal([0.0, 1.0], Cpt.PointMass(Variable.Of<R>(), 1).Table.RawValues.ToArray());
    }

    [Fact]
    public void Product_of_tables_whose_same_named_axes_have_different_states_is_refused()
    {
        var t2 = new FactorTable([new Variable("X", "a", "b")], [0.5, 0.5]);
        var t3 = new FactorTable([new Variable("X", "a", "b", "c")], [0.2, 0.3, 0.5]);

        var ex = Assert.Throws<ArgumentException>(() => t2 * t3);

        Assert.Contains("axis X but with different states: (a, b) and (a, b, c)", ex.Message);
    }

    [Fact]
    public void Cpt_Row_needs_every_parent_once_and_only_parents()
    {
        var pG = Grade();
        Assert.Contains("missing: D", Assert.Throws<ArgumentException>(() => pG.Row(S.s1)).Message);
        Assert.Contains("not a parent: G", Assert.Throws<ArgumentException>(() => pG.Row(S.s1, G.g0)).Message);
        Assert.Contains("given twice", Assert.Throws<ArgumentException>(() => pG.Row(S.s1, D.d0, S.s0)).Message);

        var row = pG.Row(D.d0, S.s1);
        Assert.Equal([0.1, 0.2, 0.7], row.RawValues.ToArray());
    }

    [Fact]
    public void Enum_states_follow_the_underlying_values_for_negative_members()
    {
        // Enum.GetValues sorts by the unsigned bit pattern, which put plus before minus.
        Assert.Equal(["minus", "plus"], Variable.Of<Signed>().States);
    }
}
