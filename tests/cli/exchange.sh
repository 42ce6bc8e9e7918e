#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# PLACEHOLDER (being written)
. "$(dirname "$0")/lib.sh"
ok
finish
