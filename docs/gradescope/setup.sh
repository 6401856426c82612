#!/usr/bin/env bash
# docs/gradescope/setup.sh - Gradescope runs this once when it builds the
# autograder image (Ubuntu, as root).  Upload a zip of the whole project
# (with this file and run_autograder copied to its top) as the autograder.
set -euo pipefail
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq make
cd /autograder/source
make deps
