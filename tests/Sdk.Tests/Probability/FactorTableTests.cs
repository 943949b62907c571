using Edu.Sdk.Probability;
using static Edu.Sdk.Tests.Probability.A1Network;

namespace Edu.Sdk.Tests.Probability;

/// <summary>Factor tables: axes aligned by type whatever the order they were written in.</summary>
public class FactorTableTests
{
    static FactorTable PriorS => FactorTable.Of<S>(PS);
    static FactorTable PriorD => FactorTable.Of<D>(PD);
    static FactorTable GivenSD => FactorTable.Of<S, D, G>(0.5, 0.3, 0.2, 0.9, 0.08, 0.02, 0.1, 0.2, 0.7, 0.3, 0.4, 0.3);

    [Fact]
    public void Product_aligns_axes_by_type_not_position()
    {
        // The same CPT written with its axes in another order gives the same product.
        var gds = GivenSD.Permute(Variable.Of<G>(), Variable.Of<D>(), Variable.Of<S>());
        var a = PriorS * PriorD * GivenSD;
        var b = gds * PriorD * PriorS;
        Assert.True(a.Equals(b, 1e-15));
        for (int s = 0; s < 2; s++)
            for (int d = 0; d < 2; d++)
                for (int g = 0; g < 3; g++)
                    Assert.Equal(PS[s] * PD[d] * PG[s, d, g], b[(G)g, (S)s, (D)d], 1e-15);
    }

    [Fact]
    public void SumOut_and_Marginal_give_P_of_G()
    {
        var joint = PriorS * PriorD * GivenSD;
        var pg = joint.SumOut<S>().SumOut<D>();
        Assert.Equal([Variable.Of<G>()], pg.Variables);
        Assert.Equal(0.204, pg[G.g0], 1e-12);
        Assert.True(pg.Equals(joint.Marginal<G>(), 1e-15));
        var gs = joint.Marginal<G, S>();
        Assert.Equal([Variable.Of<G>(), Variable.Of<S>()], gs.Variables);
        Assert.Equal(0.18 * 0.5 + 0.02 * 0.9, gs[S.s0, G.g0], 1e-15);
    }

    [Fact]
    public void Reduce_keeps_the_matching_entries_and_drops_the_axis()
    {
        var r = GivenSD.Reduce(S.s1, D.d0);
        Assert.Equal([Variable.Of<G>()], r.Variables);
        Assert.Equal([0.1, 0.2, 0.7], r.Values.ToArray());
        var g2 = GivenSD.Reduce(G.g2);
        Assert.Equal(0.02, g2[S.s0, D.d1], 1e-15);
    }

    [Fact]
    public void Normalize_and_conditional_normalize()
    {
        var joint = PriorS * PriorD * GivenSD;
        Assert.Equal(1, joint.Sum(), 1e-12);
        var sg = joint.Marginal<S, G>();
        var gGivenS = sg.Normalize<G>();
        Assert.Equal((0.9 * 0.2 + 0.1 * 0.02), gGivenS[S.s0, G.g2], 1e-12);
        var doubled = FactorTable.Of<S>(2, 6).Normalize();
        Assert.Equal(0.25, doubled[S.s0], 1e-15);
    }

    [Fact]
    public void Multidimensional_array_construction_is_row_major()
    {
        var t = FactorTable.Of<S, D, G>(PG);
        Assert.True(t.Equals(GivenSD, 0));
        var ex = Assert.Throws<ArgumentException>(() => FactorTable.Of<S, G>(new double[2, 2]));
        Assert.Contains("axis G has 3 states", ex.Message);
    }

    [Fact]
    public void Wrong_value_count_is_refused_with_the_shape()
    {
        var ex = Assert.Throws<ArgumentException>(() => FactorTable.Of<S, D, G>(1, 2, 3));
        Assert.Contains("2×2×3 = 12", ex.Message);
        Assert.Contains("3 were given", ex.Message);
    }

    [Fact]
    public void Indexer_needs_every_axis_once()
    {
        Assert.Contains("one state of each", Assert.Throws<ArgumentException>(() => GivenSD[S.s0, G.g0]).Message);
        Assert.Contains("no axis R", Assert.Throws<ArgumentException>(() => GivenSD[S.s0, D.d0, R.r0]).Message);
    }

    [Fact]
    public void ToString_is_an_aligned_table_with_state_names()
    {
        var text = FactorTable.Of<S, G>(0.1, 0.2, 0.3, 0.1, 0.2, 0.1).ToString();
        var lines = text.Split('\n');
        Assert.Equal("S   G   φ", lines[0]);
        Assert.Equal("s0  g0  0.100000", lines[1]);
        Assert.Equal("s1  g2  0.100000", lines[6]);
        var answer = Build().Query<G>(R.r1);
        Assert.StartsWith("P(G | r1)\nG   P\ng0  ", answer.ToString());
    }

    [Fact]
    public void Large_tables_are_summarised()
    {
        var vars = Enumerable.Range(0, 10).Select(i => new Variable($"X{i}", "a", "b")).ToArray();
        var t = new FactorTable(vars, Enumerable.Repeat(1.0 / 1024, 1024).ToArray());
        var text = t.ToString();
        Assert.Contains("… 1004 rows not shown …", text);
        Assert.Contains("(1024 rows over 2×2×2×2×2×2×2×2×2×2; sum 1.000000", text);
        Assert.True(text.Split('\n').Length < 30);
    }

    [Fact]
    public void Rows_export_every_entry_with_its_states()
    {
        var rows = GivenSD.ToRows().ToList();
        Assert.Equal(12, rows.Count);
        Assert.Equal(S.s1, rows[7].Get<S>());
        Assert.Equal(D.d0, rows[7].Get<D>());
        Assert.Equal(G.g1, rows[7].Get<G>());
        Assert.Equal(0.2, rows[7].Value);
        Assert.Equal(["s1", "d0", "g1"], rows[7].StateNames);
    }

    [Fact]
    public void Tolerance_equality_ignores_axis_order_but_not_variables()
    {
        var a = FactorTable.Of<S, D>(0.1, 0.2, 0.3, 0.4);
        var b = FactorTable.Of<D, S>(0.1, 0.3, 0.2, 0.4 + 1e-12);
        Assert.True(a.Equals(b, 1e-9));
        Assert.False(a.Equals(b, 1e-13));
        Assert.False(a.Equals(FactorTable.Of<S, R>(0.1, 0.2, 0.3, 0.4), 1));
    }

    [Fact]
    public void Descriptions_come_from_attributes()
    {
        var v = Variable.Of<Described>();
        Assert.Equal("Described", v.Name);
        Assert.Equal("a variable with a description", v.Description);
        Assert.Equal(["the first state", null], v.StateDescriptions);
    }

    [System.ComponentModel.Description("a variable with a description")]
    public enum Described { [System.ComponentModel.Description("the first state")] one, two }
}
