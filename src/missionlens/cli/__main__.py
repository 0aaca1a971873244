"""`python -m missionlens.cli`: the same command line as `missionlens`."""

from missionlens.cli import main

main()
