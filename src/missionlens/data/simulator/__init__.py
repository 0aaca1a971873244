"""The simulator of a social micro-credit organisation (docs/simulator.md).

`simulate(out, ...)` writes the nine tables of the import contract in one format, plus
`truth.json` listing the changes a scenario injected, so that detectors can be evaluated.
"""

from __future__ import annotations

from missionlens.data.simulator.perturbation import Perturbation
from missionlens.data.simulator.scenarios import SCENARIOS
from missionlens.data.simulator.simulation import SimulationSummary, simulate

__all__ = ["SCENARIOS", "Perturbation", "SimulationSummary", "simulate"]
