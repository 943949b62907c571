using System.ComponentModel;

namespace BayesGrades;

// Assignment A1's five variables. Each enum is a variable; its members are the states, in order.

/// <summary>S: the student prepared well.</summary>
[Description("the student prepared well")]
public enum S { s0, s1 }

/// <summary>D: difficulties just before the exam.</summary>
[Description("difficulties just before the exam")]
public enum D { d0, d1 }

/// <summary>R: passes a technical interview.</summary>
[Description("passes a technical interview")]
public enum R { r0, r1 }

/// <summary>G: the course grade.</summary>
[Description("course grade")]
public enum G { g0, g1, g2 }

/// <summary>L: on the honours list.</summary>
[Description("on the honours list")]
public enum L { l0, l1 }
