"""Perturbations: knobs an evaluator turns so that detectors are not tuned to our numbers."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Perturbation:
    """Changes to the simulated world; the defaults leave it as calibrated.

    - `season_amplitude`: multiplies the seasonal swing (0 = no seasonality, 2 = twice as deep).
    - `season_phase`: shifts the seasonal profile by this many months (fractions allowed).
    - `noise`: extra noise, 0 = none; 1 roughly triples month-to-month volume noise and
      doubles the spread of minutes and amounts.
    - `size`: multiplies the organisation's size (0.3 to 10).
    - `effect_size`: multiplies every injected change (0.5 = changes half as large).
    """

    season_amplitude: float = 1.0
    season_phase: float = 0.0
    noise: float = 0.0
    size: float = 1.0
    effect_size: float = 1.0

    def __post_init__(self) -> None:
        if self.season_amplitude < 0:
            raise ValueError("season_amplitude must be >= 0")
        if self.noise < 0:
            raise ValueError("noise must be >= 0")
        if not 0.3 <= self.size <= 10:
            raise ValueError("size must be between 0.3 and 10")
        if self.effect_size < 0:
            raise ValueError("effect_size must be >= 0")

    def as_dict(self) -> dict[str, float]:
        return {k: float(v) for k, v in asdict(self).items()}
