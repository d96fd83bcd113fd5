"""Dissolved (A) and particle-bound (B) contaminant in a river reach, exchanging mass.

A_t + 1.0 A_z = -k1 A + k2 B + S_A
B_t + 0.4 B_z =  k1 A - k2 B + S_B     on z in [0, 3] m, time in [0, 2] s,
k1 = 0.8 1/s (adsorption), k2 = 0.3 1/s (desorption). Both phases move downstream, so both need
data at the upstream end z = 0; nothing at z = 3. The distance axis is z and the time axis is
called `time` (declared with time=). Manufactured: a travelling pulse of A and a slower, wider
pulse of B that grows in time; problem.manufactured derives S_A, S_B and all the data.
"""

import sympy as sp

from pinnls import Box, Problem

z, time = sp.symbols("z time")
A, B = sp.Function("A"), sp.Function("B")

k1, k2 = 0.8, 0.3  # 1/s
vA, vB = 1.0, 0.4  # m/s

exact_A = sp.exp(-(((z - 0.6 - vA * time) / 0.25) ** 2)) + 0.2 * sp.exp(-z / 2) * (
    1 + 0.5 * sp.sin(2 * time)
)
exact_B = 0.5 * (1 + 0.3 * time) * sp.exp(-(((z - 0.4 - vB * time) / 0.35) ** 2))

a, b = A(z, time), B(z, time)
domain = Box(z=(0, 3), time=(0, 2))
base = Problem([a, b], domain, name="two-species-exchange", time=time)
base.equation("dissolved", sp.Eq(a.diff(time) + vA * a.diff(z), -k1 * a + k2 * b))
base.equation("bound", sp.Eq(b.diff(time) + vB * b.diff(z), k1 * a - k2 * b))
base.condition("initial-A", sp.Eq(A(z, 0), 0))
base.condition("initial-B", sp.Eq(B(z, 0), 0))
base.condition("upstream-A", sp.Eq(A(0, time), 0))
base.condition("upstream-B", sp.Eq(B(0, time), 0))
problem = base.manufactured({a: exact_A, b: exact_B})
