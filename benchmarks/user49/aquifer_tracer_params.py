"""A sorbing, decaying tracer in a 1-D aquifer, with a leaking tank; parameters declared.

    R c_t = -v c_x - R lam c + R q g(x)   on x in [0, 100] m, t in [0, 200] days,

the time derivative on the right of the written equation. c in mg/L, Darcy velocity
v = 0.5 m/day, retardation R = 2.5 (so the tracer moves at v / R = 0.2 m/day), decay
lam = 0.01 1/day, tank leak q = 0.05 mg/L/day spread as g(x) = exp(-((x - 10)/3)^2).
Initial plume exp(-((x - 20)/5)^2). The parameters v, R, lam and q are declared with
parameters=, so `--set v=...` changes them. Exact, in closed form (erf): the initial plume
carried and decayed, plus the leak integrated back along the flow.
Inflow c(0, t) = the exact solution there.
"""

import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
c = sp.Function("c")
v, R, lam, q = sp.symbols("v R lam q", positive=True)

V = v / R  # tracer speed, m/day
w = 3  # leak width, m
g = sp.exp(-(((x - 10) / w) ** 2))

plume = sp.exp(-(((x - V * t - 20) / 5) ** 2)) * sp.exp(-lam * t)
# leak: int_0^t q exp(-((x - 10 - V s)/w)^2) exp(-lam s) ds, completed square
d = x - 10
alpha = V**2 / w**2
beta = 2 * d * V / w**2 - lam
gamma = -(d**2) / w**2
s_star = beta / (2 * alpha)
leak = (
    q
    * sp.sqrt(sp.pi)
    / (2 * sp.sqrt(alpha))
    * sp.exp(gamma + beta**2 / (4 * alpha))
    * (sp.erf(sp.sqrt(alpha) * (t - s_star)) + sp.erf(sp.sqrt(alpha) * s_star))
)
exact = plume + leak

domain = Box(x=(0, 100), t=(0, 200))
problem = Problem(
    c(x, t),
    domain,
    name="aquifer-tracer-params",
    parameters={"v": 0.5, "R": 2.5, "lam": 0.01, "q": 0.05},
)
problem.equation(
    "pde", sp.Eq(-v * c(x, t).diff(x) - R * lam * c(x, t) + R * q * g, R * c(x, t).diff(t))
)
problem.condition("initial", sp.Eq(c(x, 0), sp.exp(-(((x - 20) / 5) ** 2))))
problem.condition("inflow", sp.Eq(c(0, t), exact.subs(x, 0)))
problem.exact(exact)
