"""2-D linear acoustics in a duct with hard walls: a plane pulse plus the first cross mode.

Unknowns: pressure p and the two velocity components vx, vy (a system of three), on the duct
[0, 1] x [0, 1] over t in [0, 1]; three axes x, y, t. Density rho = 1, sound speed c = 1, so
the bulk modulus is K = rho c^2 = 1 and the impedance Z = rho c = 1:

    p_t + K (vx_x + vy_y) = 0,     rho vx_t + p_x = 0,     rho vy_t + p_y = 0.

Exact solution, the sum of two waves that each solve the system:
- a plane pulse travelling down the duct, p = Z vx = F(x - c t), vy = 0, with
  F(s) = exp(-((s - 0.25) / 0.1)^2), which enters at x ~ 0 and leaves through x = 1 at t ~ 0.75;
- the first cross mode of the duct, with axial wavenumber kx = 2 pi and frequency
  omega = c sqrt(kx^2 + pi^2) (above cut-off, so it propagates), amplitude A = 1/2:

      p  = A cos(pi y) cos(kx x - omega t),
      vx = A kx / (rho omega) cos(pi y) cos(kx x - omega t),
      vy = -A pi / (rho omega) sin(pi y) sin(kx x - omega t).

  (p_t + K div v = A cos(pi y) sin(.)(omega - K (kx^2 + pi^2) / (rho omega)) = 0, and the two
  momentum equations hold term by term.)

Conditions, one per incoming characteristic (the well-posed choice for a hyperbolic system):
- t = 0: all three unknowns;
- walls y = 0 and y = 1: no flow through the wall, vy = 0 (both waves satisfy it: the pulse has
  vy = 0, the mode has sin(pi y));
- the open ends: the normal matrix in x has speeds +c, 0, -c. At x = 0 only the right-going
  invariant p + Z vx enters, at x = 1 only the left-going invariant p - Z vx; each is given
  its exact value (non-reflecting ends with a prescribed incoming wave). The zero-speed field
  (vy, carried along with the medium at rest) and the outgoing invariants need no data.
"""

import sympy as sp

from pinnls import Box, Problem

x, y, t, s = sp.symbols("x y t s")
p, vx, vy = sp.Function("p"), sp.Function("vx"), sp.Function("vy")

rho, c = 1, 1
K, Z = rho * c**2, rho * c
A = sp.Rational(1, 2)
kx = 2 * sp.pi
omega = c * sp.sqrt(kx**2 + sp.pi**2)
phase = kx * x - omega * t

F = sp.exp(-(((s - sp.Rational(1, 4)) / sp.Rational(1, 10)) ** 2))
pulse = F.subs(s, x - c * t)
exact_p = pulse + A * sp.cos(sp.pi * y) * sp.cos(phase)
exact_vx = pulse / Z + A * kx / (rho * omega) * sp.cos(sp.pi * y) * sp.cos(phase)
exact_vy = -A * sp.pi / (rho * omega) * sp.sin(sp.pi * y) * sp.sin(phase)

domain = Box(x=(0, 1), y=(0, 1), t=(0, 1))
P, VX, VY = p(x, y, t), vx(x, y, t), vy(x, y, t)
problem = Problem([P, VX, VY], domain, name="acoustics-duct-2d")
problem.equation("mass", sp.Eq(P.diff(t) + K * (VX.diff(x) + VY.diff(y)), 0))
problem.equation("momentum-x", sp.Eq(rho * VX.diff(t) + P.diff(x), 0))
problem.equation("momentum-y", sp.Eq(rho * VY.diff(t) + P.diff(y), 0))
problem.condition("initial-p", sp.Eq(p(x, y, 0), exact_p.subs(t, 0)))
problem.condition("initial-vx", sp.Eq(vx(x, y, 0), exact_vx.subs(t, 0)))
problem.condition("initial-vy", sp.Eq(vy(x, y, 0), exact_vy.subs(t, 0)))
problem.condition("wall-bottom", sp.Eq(vy(x, 0, t), 0))
problem.condition("wall-top", sp.Eq(vy(x, 1, t), 0))
problem.condition(
    "incoming-left", sp.Eq(p(0, y, t) + Z * vx(0, y, t), (exact_p + Z * exact_vx).subs(x, 0))
)
problem.condition(
    "incoming-right", sp.Eq(p(1, y, t) - Z * vx(1, y, t), (exact_p - Z * exact_vx).subs(x, 1))
)
problem.exact({P: exact_p, VX: exact_vx, VY: exact_vy})
