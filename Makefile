# The two commands of the README: `make demo` runs the main job, `make test` runs the whole suite.
# Both create the environment themselves (uv, installed with pip when missing, and a committed uv.lock).
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)

.PHONY: env demo test bench lint

$(UV):
	python3 -m pip install --user --quiet uv

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --all-extras
	@touch $@

env: .venv/.synced

demo: env
	$(UV) run --frozen missionlens demo

test: env
	$(UV) run --frozen lint-imports
	$(UV) run --frozen ruff check src tests benchmarks
	$(UV) run --frozen mypy src/missionlens
	$(UV) run --frozen pytest -n 2

bench: env
	$(UV) run --frozen python benchmarks/import.py
	$(UV) run --frozen python benchmarks/simulate.py
