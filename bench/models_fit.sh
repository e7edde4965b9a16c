#!/usr/bin/env bash
# The Pareto/NBD and MBG/NBD benchmark: the BG/NBD benchmark's set-up, then bench/models_fit.py.
# Not part of the tests.
exec "$(dirname "$0")/bgnbd_fit.sh" bench/models_fit.py
