"""u_t + u_x = f(x) on [0,1]^2 with f unknown: the source recovered from 50 noisy sensors.

The initial and inflow data are known; u is measured at 50 fixed points with noise of standard
deviation 0.01 (synthetic: the exact u plus seeded Gaussian noise). A smooth-source prior
f'' = 0 takes the weight pinnls chooses (the unbiased predictive risk, as the noise is
stated), and the result files carry f_std, the 95% band being f +- 1.96 f_std.
"""

import numpy as np
import sympy as sp

from pinnls import Box, Problem

x, t = sp.symbols("x t")
u, f = sp.Function("u"), sp.Function("f")
source = 1 + sp.sin(sp.pi * x)
exact = sp.sin(2 * (x - t) + 1) + x - sp.cos(sp.pi * x) / sp.pi  # u_t + u_x = source

sensors = np.random.default_rng(0).random((50, 2))  # (x, t) of each sensor
measured = sp.lambdify((x, t), exact)(*sensors.T)
measured = measured + 0.01 * np.random.default_rng(1).standard_normal(50)

domain = Box(x=(0, 1), t=(0, 1))
problem = Problem([u(x, t), f(x)], domain, name="source-from-sensors")
# Sobol points: f(x) is seen only at the x values of this cloud (a grid has few)
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x) - f(x), 0), points="sobol:4096")
problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
problem.condition("inflow", sp.Eq(u(0, t), exact.subs(x, 0)))
problem.data("sensors", u(x, t), points=sensors, values=measured, noise=0.01)
problem.regularization("smooth", sp.Eq(f(x).diff(x, 2), 0), points="sobol:1024")
problem.exact({u(x, t): exact, f(x): source})
